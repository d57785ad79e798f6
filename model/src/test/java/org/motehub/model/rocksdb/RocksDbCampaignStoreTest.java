// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.campaign.CampaignStore;
import org.motehub.model.campaign.CampaignStoreContract;

/** Runs the {@link CampaignStoreContract} on a real RocksDB database in a temporary directory. */
class RocksDbCampaignStoreTest extends CampaignStoreContract {

    @TempDir
    Path dir;

    private MotehubDb db;

    @Override
    protected CampaignStore newStore() {
        db = MotehubDb.open(dir);
        return new RocksDbCampaignStore(db);
    }

    @Override
    protected CampaignStore reopenStore() {
        db.close();
        db = MotehubDb.open(dir);
        return new RocksDbCampaignStore(db);
    }

    @AfterEach
    void closeDb() {
        db.close();
    }
}

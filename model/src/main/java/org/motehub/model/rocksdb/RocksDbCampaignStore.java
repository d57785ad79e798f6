// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import org.motehub.model.campaign.Campaign;
import org.motehub.model.campaign.CampaignDevice;
import org.motehub.model.campaign.CampaignStore;
import org.motehub.model.campaign.Exclusion;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * {@link CampaignStore} on RocksDB: campaigns keyed by id; in the campaign devices family, device rows keyed by
 * {@code campaignId 0x00 endpoint} and exclusions by {@code campaignId 0x01 endpoint}, so one bounded prefix scan
 * reads either in endpoint order. A campaign and its changed rows go in one batch.
 */
public class RocksDbCampaignStore implements CampaignStore {

    private static final byte DEVICE = 0;
    private static final byte EXCLUSION = 1;

    private final MotehubDb db;

    /**
     * @throws NullPointerException if {@code db} is null
     */
    public RocksDbCampaignStore(MotehubDb db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    private static byte[] key(String campaignId, byte kind, String endpoint) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(campaignId.length() + endpoint.length() + 1);
        out.writeBytes(campaignId.getBytes(UTF_8));
        out.write(kind);
        out.writeBytes(endpoint.getBytes(UTF_8));
        return out.toByteArray();
    }

    @Override
    public void create(Campaign campaign, List<CampaignDevice> devices, List<Exclusion> exclusions) {
        Batch batch = new Batch().put(ColumnFamily.CAMPAIGNS, campaign.id().getBytes(UTF_8), StoreJson.write(campaign));
        for (CampaignDevice d : devices) {
            batch.put(ColumnFamily.CAMPAIGN_DEVICES, key(campaign.id(), DEVICE, d.endpoint()), StoreJson.write(d));
        }
        for (Exclusion e : exclusions) {
            batch.put(ColumnFamily.CAMPAIGN_DEVICES, key(campaign.id(), EXCLUSION, e.endpoint()), StoreJson.write(e));
        }
        db.write(batch);
    }

    @Override
    public void save(Campaign campaign, Collection<CampaignDevice> changedDevices) {
        Batch batch = new Batch().put(ColumnFamily.CAMPAIGNS, campaign.id().getBytes(UTF_8), StoreJson.write(campaign));
        for (CampaignDevice d : changedDevices) {
            if (!d.campaignId().equals(campaign.id())) {
                throw new IllegalArgumentException("device row of campaign " + d.campaignId() + " saved with "
                        + campaign.id());
            }
            batch.put(ColumnFamily.CAMPAIGN_DEVICES, key(campaign.id(), DEVICE, d.endpoint()), StoreJson.write(d));
        }
        db.write(batch);
    }

    @Override
    public Optional<Campaign> find(String id) {
        return Optional.ofNullable(db.get(ColumnFamily.CAMPAIGNS, id.getBytes(UTF_8)))
                .map(b -> StoreJson.read(b, Campaign.class));
    }

    @Override
    public List<Campaign> list(String afterId, int max) {
        List<Campaign> result = new ArrayList<>();
        try (RocksIterator it = db.iterator(ColumnFamily.CAMPAIGNS)) {
            if (afterId == null) {
                it.seekToFirst();
            } else {
                byte[] after = afterId.getBytes(UTF_8);
                it.seek(after);
                if (it.isValid() && Arrays.equals(it.key(), after)) {
                    it.next();
                }
            }
            for (; it.isValid() && result.size() < max; it.next()) {
                result.add(StoreJson.read(it.value(), Campaign.class));
            }
        }
        return result;
    }

    @Override
    public Optional<CampaignDevice> findDevice(String campaignId, String endpoint) {
        return Optional.ofNullable(db.get(ColumnFamily.CAMPAIGN_DEVICES, key(campaignId, DEVICE, endpoint)))
                .map(b -> StoreJson.read(b, CampaignDevice.class));
    }

    @Override
    public List<CampaignDevice> devices(String campaignId, String afterEndpoint, int max) {
        return scan(campaignId, DEVICE, afterEndpoint, max, b -> StoreJson.read(b, CampaignDevice.class));
    }

    @Override
    public List<Exclusion> exclusions(String campaignId) {
        return scan(campaignId, EXCLUSION, null, Integer.MAX_VALUE, b -> StoreJson.read(b, Exclusion.class));
    }

    private <T> List<T> scan(String campaignId, byte kind, String afterEndpoint, int max, Function<byte[], T> read) {
        byte[] prefix = key(campaignId, kind, "");
        byte[] end = key(campaignId, (byte) (kind + 1), "");
        List<T> result = new ArrayList<>();
        try (Slice upper = new Slice(end); ReadOptions bounded = new ReadOptions().setIterateUpperBound(upper);
                RocksIterator it = db.iterator(ColumnFamily.CAMPAIGN_DEVICES, bounded)) {
            byte[] start = afterEndpoint == null ? prefix : key(campaignId, kind, afterEndpoint);
            it.seek(start);
            if (afterEndpoint != null && it.isValid() && Arrays.equals(it.key(), start)) {
                it.next();
            }
            for (; it.isValid() && result.size() < max; it.next()) {
                result.add(read.apply(it.value()));
            }
        }
        return result;
    }
}

// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.registration;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.leshan.core.LwM2m.LwM2mVersion;
import org.eclipse.leshan.core.Startable;
import org.eclipse.leshan.core.endpoint.EndpointUriUtil;
import org.eclipse.leshan.core.link.Link;
import org.eclipse.leshan.core.link.LinkParseException;
import org.eclipse.leshan.core.link.lwm2m.DefaultLwM2mLinkParser;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.ObservationIdentifier;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.peer.IpPeer;
import org.eclipse.leshan.core.peer.LwM2mPeer;
import org.eclipse.leshan.core.peer.PskIdentity;
import org.eclipse.leshan.core.peer.SocketIdentity;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.server.registration.DefaultRegistrationDataExtractor;
import org.eclipse.leshan.server.registration.Deregistration;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationDataExtractor.RegistrationData;
import org.eclipse.leshan.server.registration.RegistrationStore;
import org.eclipse.leshan.server.registration.RegistrationUpdate;
import org.eclipse.leshan.server.registration.UpdatedRegistration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour of Leshan's {@link RegistrationStore} that Motehub relies on: lookups, re-registration, updates,
 * removal, observations, expiration and (for stores that keep data) restarts. Each implementation's test extends this
 * class and supplies the store; never copy these cases.
 * <p>
 * Registrations are built as Leshan's server builds them from a REGISTER request: object links parsed by
 * {@link DefaultLwM2mLinkParser} and the supported objects, instances and content formats extracted from them by
 * {@link DefaultRegistrationDataExtractor}.
 */
public abstract class RegistrationStoreContract {

    /** How long to wait for the store's cleaner, which runs every second. */
    protected static final Duration CLEANER = Duration.ofSeconds(10);

    private static final URI SERVER_ENDPOINT = EndpointUriUtil.createUri("coaps://0.0.0.0:5684");
    private static final String OBJECT_LINKS = "</>;rt=\"oma.lwm2m\";ct=\"60 110 112 11542 11543\","
            + "</1>;ver=1.1,</1/0>,</3>;ver=1.1,</3/0>,</3303>;ver=1.1,</3303/0>,</3303/1>";

    /** The store under test, from {@link #newStore()}; replaced by {@link #reopen(RegistrationStore)}. */
    protected RegistrationStore store;

    private final List<Expiration> expirations = new CopyOnWriteArrayList<>();

    /** One call of the store's {@link org.eclipse.leshan.server.registration.ExpirationListener}. */
    protected record Expiration(Registration registration, Collection<Observation> observations) {
    }

    /**
     * @return a new, empty store, not started, whose cleaner looks for expired registrations every second once it is
     *         started; called before each test
     */
    protected abstract RegistrationStore newStore();

    /**
     * Stops {@code old} and opens a new store over the same data, as a server restart would. An implementation that
     * keeps nothing across a restart calls {@code Assumptions.abort(...)} instead.
     *
     * @return the new store, not started
     */
    protected abstract RegistrationStore reopen(RegistrationStore old);

    @BeforeEach
    protected void createStore() {
        store = newStore();
        store.setExpirationListener((r, o) -> expirations.add(new Expiration(r, o)));
    }

    private void restart() {
        store = reopen(store);
        store.setExpirationListener((r, o) -> expirations.add(new Expiration(r, o)));
    }

    private void startCleaner() {
        assertThat(store).isInstanceOf(Startable.class);
        ((Startable) store).start();
    }

    // ---------------------------------------------------------------- test data

    /** @return a documentation-range (192.0.2.x) address, never resolved. */
    protected static InetSocketAddress address(int host, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(new byte[] { (byte) 192, 0, 2, (byte) host }), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** @return object links as Leshan's server parses them from a REGISTER payload. */
    protected static Link[] links(String coreLinkFormat) {
        try {
            return new DefaultLwM2mLinkParser().parseCoreLinkFormat(coreLinkFormat.getBytes(UTF_8));
        } catch (LinkParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** @return a builder for a DTLS-PSK registration with every field Leshan's server fills set to a known value. */
    protected static Registration.Builder registrationBuilder(String id, String endpoint, LwM2mPeer peer) {
        Link[] links = links(OBJECT_LINKS);
        RegistrationData data = new DefaultRegistrationDataExtractor().extractDataFromObjectLinks(links,
                LwM2mVersion.V1_1);
        return new Registration.Builder(id, endpoint, peer, SERVER_ENDPOINT).lwM2mVersion(LwM2mVersion.V1_1)
                .lifeTimeInSec(300L).bindingMode(EnumSet.of(BindingMode.U)).queueMode(false).smsNumber("+33600000000")
                .registrationDate(new Date(1_767_323_045_123L)).lastUpdate(new Date())
                .objectLinks(links).rootPath(data.getAlternatePath())
                .supportedContentFormats(data.getSupportedContentFormats())
                .supportedObjects(data.getSupportedObjects()).availableInstances(data.getAvailableInstances())
                .additionalRegistrationAttributes(Map.of("apn", "iot.example"))
                .applicationData(Map.of("tenant", "acme"));
    }

    /** @return the DTLS-PSK registration {@code id} of {@code endpoint}, from 192.0.2.{@code host}. */
    protected static Registration registration(String id, String endpoint, int host) {
        return registrationBuilder(id, endpoint, pskPeer(endpoint, host)).build();
    }

    /** @return a peer at 192.0.2.{@code host}:5684 with the PSK identity {@code psk-<endpoint>}. */
    protected static IpPeer pskPeer(String endpoint, int host) {
        return new IpPeer(address(host, 5684), new PskIdentity("psk-" + endpoint));
    }

    /** @return an observation of {@code path} with the token {@code token}. */
    protected static SingleObservation observation(int token, String registrationId, String path) {
        return new SingleObservation(observationId(token), registrationId, new LwM2mPath(path),
                ContentFormat.SENML_CBOR, Map.of("motehub-command", "cmd-" + token),
                Map.of("coap-token", Integer.toHexString(token)));
    }

    /** @return the observation id of a 4-byte CoAP token. */
    protected static ObservationIdentifier observationId(int token) {
        return new ObservationIdentifier(
                new byte[] { (byte) (token >> 24), (byte) (token >> 16), (byte) (token >> 8), (byte) token });
    }

    /** @return an update from the same peer that changes the lifetime, binding and object links. */
    protected static RegistrationUpdate update(Registration r, Long lifetime, EnumSet<BindingMode> binding,
            Link[] objectLinks) {
        return update(r, r.getClientTransportData(), lifetime, binding, objectLinks);
    }

    /** @return an update from {@code peer}; Leshan's constructor takes every optional field positionally. */
    protected static RegistrationUpdate update(Registration r, LwM2mPeer peer, Long lifetime,
            EnumSet<BindingMode> binding, Link[] objectLinks) {
        String smsNumber = null;
        String alternatePath = null;
        return new RegistrationUpdate(r.getId(), peer, lifetime, smsNumber, binding, objectLinks, alternatePath,
                null, null, null, null, null);
    }

    private static List<Registration> all(RegistrationStore s) {
        List<Registration> all = new ArrayList<>();
        s.getAllRegistrations().forEachRemaining(all::add);
        return all;
    }

    // ---------------------------------------------------------------- registrations

    @Test
    public void added_registration_is_found_by_id_endpoint_address_and_identity() {
        Registration r = registration("reg-1", "dev-1", 1);

        Deregistration previous = store.addRegistration(r);

        assertThat(previous).isNull();
        assertThat(store.getRegistration("reg-1")).isEqualTo(r);
        assertThat(store.getRegistrationByEndpoint("dev-1")).isEqualTo(r);
        assertThat(store.getRegistrationByAdress(address(1, 5684))).isEqualTo(r);
        assertThat(store.getRegistrationByIdentity(new PskIdentity("psk-dev-1"))).isEqualTo(r);
    }

    @Test
    public void unknown_registration_is_found_by_no_key() {
        store.addRegistration(registration("reg-1", "dev-1", 1));

        assertThat(store.getRegistration("reg-2")).isNull();
        assertThat(store.getRegistrationByEndpoint("dev-2")).isNull();
        assertThat(store.getRegistrationByAdress(address(1, 5685))).isNull();
        assertThat(store.getRegistrationByIdentity(new PskIdentity("psk-dev-2"))).isNull();
    }

    @Test
    public void unsecured_registration_is_found_by_its_socket_identity() {
        InetSocketAddress address = address(9, 5683);
        Registration r = registrationBuilder("reg-9", "dev-9", new IpPeer(address)).build();

        store.addRegistration(r);

        assertThat(store.getRegistrationByIdentity(new SocketIdentity(address))).isEqualTo(r);
        assertThat(store.getRegistrationByAdress(address)).isEqualTo(r);
    }

    @Test
    public void all_registrations_lists_each_registered_endpoint_once() {
        Registration r1 = registration("reg-1", "dev-1", 1);
        Registration r2 = registration("reg-2", "dev-2", 2);
        store.addRegistration(r1);
        store.addRegistration(r2);

        assertThat(all(store)).containsExactlyInAnyOrder(r1, r2);
    }

    @Test
    public void re_registration_of_an_endpoint_returns_the_old_registration_with_its_observations() {
        Registration old = registration("reg-1", "dev-1", 1);
        store.addRegistration(old);
        SingleObservation o1 = observation(1, "reg-1", "/3303/0/5700");
        SingleObservation o2 = observation(2, "reg-1", "/3/0/9");
        store.addObservation("reg-1", o1, false);
        store.addObservation("reg-1", o2, false);
        Registration fresh = registration("reg-2", "dev-1", 1);

        Deregistration replaced = store.addRegistration(fresh);

        assertThat(replaced).isNotNull();
        assertThat(replaced.getRegistration()).isEqualTo(old);
        assertThat(replaced.getObservations()).containsExactlyInAnyOrder(o1, o2);
    }

    @Test
    public void re_registration_of_an_endpoint_removes_the_old_registration_and_its_observations() {
        store.addRegistration(registration("reg-1", "dev-1", 1));
        store.addObservation("reg-1", observation(1, "reg-1", "/3303/0/5700"), false);
        Registration fresh = registration("reg-2", "dev-1", 1);

        store.addRegistration(fresh);

        assertThat(store.getRegistration("reg-1")).isNull();
        assertThat(store.getRegistrationByEndpoint("dev-1")).isEqualTo(fresh);
        assertThat(store.getObservations("reg-1")).isEmpty();
        assertThat(store.getObservation(observationId(1))).isNull();
        assertThat(all(store)).containsExactly(fresh);
    }

    @Test
    public void re_registration_from_a_new_address_and_identity_frees_the_old_ones() {
        store.addRegistration(registration("reg-1", "dev-1", 1));
        Registration fresh = registrationBuilder("reg-2", "dev-1",
                new IpPeer(address(2, 5684), new PskIdentity("psk-dev-1-rotated"))).build();

        store.addRegistration(fresh);

        assertThat(store.getRegistrationByAdress(address(1, 5684))).isNull();
        assertThat(store.getRegistrationByIdentity(new PskIdentity("psk-dev-1"))).isNull();
        assertThat(store.getRegistrationByAdress(address(2, 5684))).isEqualTo(fresh);
        assertThat(store.getRegistrationByIdentity(new PskIdentity("psk-dev-1-rotated"))).isEqualTo(fresh);
    }

    @Test
    public void update_returns_the_previous_and_the_updated_registration() {
        Registration r = registration("reg-1", "dev-1", 1);
        store.addRegistration(r);
        Link[] newLinks = links("</>;rt=\"oma.lwm2m\",</1/0>,</3/0>,</3303/0>");

        UpdatedRegistration updated = store
                .updateRegistration(update(r, 600L, EnumSet.of(BindingMode.U, BindingMode.Q), newLinks));

        assertThat(updated).isNotNull();
        assertThat(updated.getPreviousRegistration()).isEqualTo(r);
        Registration u = updated.getUpdatedRegistration();
        assertThat(u.getId()).isEqualTo("reg-1");
        assertThat(u.getLifeTimeInSec()).isEqualTo(600L);
        assertThat(u.getBindingMode()).isEqualTo(EnumSet.of(BindingMode.U, BindingMode.Q));
        assertThat(u.getObjectLinks()).containsExactly(newLinks);
        assertThat(u.getLastUpdate()).isAfterOrEqualTo(r.getLastUpdate());
    }

    @Test
    public void updated_lifetime_binding_and_object_links_are_read_back_by_every_key() {
        Registration r = registration("reg-1", "dev-1", 1);
        store.addRegistration(r);
        Link[] newLinks = links("</>;rt=\"oma.lwm2m\",</1/0>,</3/0>");

        Registration u = store.updateRegistration(update(r, 600L, EnumSet.of(BindingMode.T), newLinks))
                .getUpdatedRegistration();

        for (Registration read : List.of(store.getRegistration("reg-1"), store.getRegistrationByEndpoint("dev-1"),
                store.getRegistrationByAdress(address(1, 5684)),
                store.getRegistrationByIdentity(new PskIdentity("psk-dev-1")))) {
            assertThat(read).isEqualTo(u);
            assertThat(read.getLifeTimeInSec()).isEqualTo(600L);
            assertThat(read.getBindingMode()).isEqualTo(EnumSet.of(BindingMode.T));
            assertThat(read.getObjectLinks()).containsExactly(newLinks);
        }
    }

    @Test
    public void update_without_changes_keeps_the_registration_fields() {
        Registration r = registration("reg-1", "dev-1", 1);
        store.addRegistration(r);

        Registration u = store.updateRegistration(update(r, null, null, null)).getUpdatedRegistration();

        assertThat(u.getLifeTimeInSec()).isEqualTo(300L);
        assertThat(u.getBindingMode()).isEqualTo(EnumSet.of(BindingMode.U));
        assertThat(u.getObjectLinks()).containsExactly(r.getObjectLinks());
        assertThat(u.getSmsNumber()).isEqualTo("+33600000000");
        assertThat(u.getRegistrationDate()).isEqualTo(r.getRegistrationDate());
    }

    @Test
    public void update_from_a_new_address_moves_the_address_lookup() {
        Registration r = registration("reg-1", "dev-1", 1);
        store.addRegistration(r);

        Registration u = store.updateRegistration(update(r, pskPeer("dev-1", 7), null, null, null))
                .getUpdatedRegistration();

        assertThat(store.getRegistrationByAdress(address(7, 5684))).isEqualTo(u);
        assertThat(store.getRegistrationByAdress(address(1, 5684))).isNull();
    }

    @Test
    public void update_of_an_unknown_registration_returns_null_and_adds_nothing() {
        Registration r = registration("reg-1", "dev-1", 1);

        assertThat(store.updateRegistration(update(r, 600L, null, null))).isNull();
        assertThat(store.getRegistration("reg-1")).isNull();
        assertThat(all(store)).isEmpty();
    }

    @Test
    public void remove_returns_the_registration_with_its_observations_and_forgets_them() {
        Registration r = registration("reg-1", "dev-1", 1);
        store.addRegistration(r);
        SingleObservation o = observation(1, "reg-1", "/3303/0/5700");
        store.addObservation("reg-1", o, false);

        Deregistration removed = store.removeRegistration("reg-1");

        assertThat(removed.getRegistration()).isEqualTo(r);
        assertThat(removed.getObservations()).containsExactly(o);
        assertThat(store.getRegistration("reg-1")).isNull();
        assertThat(store.getRegistrationByEndpoint("dev-1")).isNull();
        assertThat(store.getRegistrationByAdress(address(1, 5684))).isNull();
        assertThat(store.getRegistrationByIdentity(new PskIdentity("psk-dev-1"))).isNull();
        assertThat(store.getObservation(observationId(1))).isNull();
        assertThat(all(store)).isEmpty();
    }

    @Test
    public void remove_of_an_unknown_registration_returns_null_and_keeps_the_others() {
        Registration r = registration("reg-1", "dev-1", 1);
        store.addRegistration(r);

        assertThat(store.removeRegistration("reg-2")).isNull();
        assertThat(store.getRegistration("reg-1")).isEqualTo(r);
    }

    // ---------------------------------------------------------------- observations

    @Test
    public void added_observation_is_found_by_id_with_and_without_its_registration_id() {
        store.addRegistration(registration("reg-1", "dev-1", 1));
        SingleObservation o = observation(1, "reg-1", "/3303/0/5700");

        Collection<Observation> removed = store.addObservation("reg-1", o, false);

        assertThat(removed).isEmpty();
        assertThat(store.getObservation(observationId(1))).isEqualTo(o);
        assertThat(store.getObservation("reg-1", observationId(1))).isEqualTo(o);
        SingleObservation read = (SingleObservation) store.getObservation(observationId(1));
        assertThat(read.getPath()).isEqualTo(new LwM2mPath("/3303/0/5700"));
        assertThat(read.getContentFormat()).isEqualTo(ContentFormat.SENML_CBOR);
        assertThat(read.getContext()).containsExactlyEntriesOf(Map.of("motehub-command", "cmd-1"));
    }

    @Test
    public void observation_is_not_found_under_another_registration_id() {
        store.addRegistration(registration("reg-1", "dev-1", 1));
        store.addRegistration(registration("reg-2", "dev-2", 2));
        store.addObservation("reg-1", observation(1, "reg-1", "/3303/0/5700"), false);

        assertThat(store.getObservation("reg-2", observationId(1))).isNull();
        assertThat(store.getObservation("reg-1", observationId(2))).isNull();
        assertThat(store.getObservation(observationId(2))).isNull();
    }

    @Test
    public void observations_of_a_registration_are_listed_apart_from_other_registrations() {
        store.addRegistration(registration("reg-1", "dev-1", 1));
        store.addRegistration(registration("reg-2", "dev-2", 2));
        SingleObservation o1 = observation(1, "reg-1", "/3303/0/5700");
        SingleObservation o2 = observation(2, "reg-1", "/3/0/9");
        SingleObservation o3 = observation(3, "reg-2", "/3303/0/5700");
        store.addObservation("reg-1", o1, false);
        store.addObservation("reg-1", o2, false);
        store.addObservation("reg-2", o3, false);

        assertThat(store.getObservations("reg-1")).containsExactlyInAnyOrder(o1, o2);
        assertThat(store.getObservations("reg-2")).containsExactly(o3);
        assertThat(store.getObservations("reg-3")).isEmpty();
    }

    @Test
    public void second_observation_of_the_same_path_replaces_the_first() {
        store.addRegistration(registration("reg-1", "dev-1", 1));
        SingleObservation first = observation(1, "reg-1", "/3303/0/5700");
        SingleObservation second = observation(2, "reg-1", "/3303/0/5700");
        store.addObservation("reg-1", first, false);

        Collection<Observation> removed = store.addObservation("reg-1", second, false);

        assertThat(removed).containsExactly(first);
        assertThat(store.getObservation(observationId(1))).isNull();
        assertThat(store.getObservation(observationId(2))).isEqualTo(second);
        assertThat(store.getObservations("reg-1")).containsExactly(second);
    }

    @Test
    public void observation_of_another_path_does_not_replace_the_first() {
        store.addRegistration(registration("reg-1", "dev-1", 1));
        SingleObservation first = observation(1, "reg-1", "/3303/0/5700");
        SingleObservation other = observation(2, "reg-1", "/3303/1/5700");
        store.addObservation("reg-1", first, false);

        assertThat(store.addObservation("reg-1", other, false)).isEmpty();
        assertThat(store.getObservations("reg-1")).containsExactlyInAnyOrder(first, other);
    }

    @Test
    public void remove_observation_returns_it_and_forgets_it() {
        store.addRegistration(registration("reg-1", "dev-1", 1));
        SingleObservation o1 = observation(1, "reg-1", "/3303/0/5700");
        SingleObservation o2 = observation(2, "reg-1", "/3/0/9");
        store.addObservation("reg-1", o1, false);
        store.addObservation("reg-1", o2, false);

        Observation removed = store.removeObservation("reg-1", observationId(1));

        assertThat(removed).isEqualTo(o1);
        assertThat(store.getObservation(observationId(1))).isNull();
        assertThat(store.getObservations("reg-1")).containsExactly(o2);
        assertThat(store.removeObservation("reg-1", observationId(1))).isNull();
    }

    @Test
    public void remove_observation_under_another_registration_id_keeps_it() {
        store.addRegistration(registration("reg-1", "dev-1", 1));
        store.addRegistration(registration("reg-2", "dev-2", 2));
        SingleObservation o = observation(1, "reg-1", "/3303/0/5700");
        store.addObservation("reg-1", o, false);

        assertThat(store.removeObservation("reg-2", observationId(1))).isNull();
        assertThat(store.getObservation(observationId(1))).isEqualTo(o);
    }

    @Test
    public void remove_observations_returns_all_of_the_registration_and_keeps_the_others() {
        store.addRegistration(registration("reg-1", "dev-1", 1));
        store.addRegistration(registration("reg-2", "dev-2", 2));
        SingleObservation o1 = observation(1, "reg-1", "/3303/0/5700");
        SingleObservation o2 = observation(2, "reg-1", "/3/0/9");
        SingleObservation o3 = observation(3, "reg-2", "/3303/0/5700");
        store.addObservation("reg-1", o1, false);
        store.addObservation("reg-1", o2, false);
        store.addObservation("reg-2", o3, false);

        Collection<Observation> removed = store.removeObservations("reg-1");

        assertThat(removed).containsExactlyInAnyOrder(o1, o2);
        assertThat(store.getObservations("reg-1")).isEmpty();
        assertThat(store.getObservation(observationId(1))).isNull();
        assertThat(store.getObservations("reg-2")).containsExactly(o3);
        assertThat(store.getRegistration("reg-1")).isNotNull();
    }

    @Test
    public void add_observation_for_an_unknown_registration_throws_and_stores_nothing() {
        store.addRegistration(registration("reg-1", "dev-1", 1));
        SingleObservation o = observation(1, "reg-2", "/3303/0/5700");

        assertThatThrownBy(() -> store.addObservation("reg-2", o, false)).isInstanceOf(IllegalStateException.class);
        assertThat(store.getObservation(observationId(1))).isNull();
        assertThat(store.getObservations("reg-2")).isEmpty();
    }

    // ---------------------------------------------------------------- expiration

    @Test
    public void expired_registration_is_removed_by_the_cleaner_and_reported_once_with_its_observations() {
        Registration alive = registration("reg-1", "dev-1", 1);
        Registration expired = registrationBuilder("reg-2", "dev-2", pskPeer("dev-2", 2)).lifeTimeInSec(1L)
                .lastUpdate(new Date(System.currentTimeMillis() - 5_000)).build();
        store.addRegistration(alive);
        store.addRegistration(expired);
        SingleObservation o = observation(2, "reg-2", "/3303/0/5700");
        store.addObservation("reg-2", o, false);

        startCleaner();

        await().atMost(CLEANER).until(() -> store.getRegistration("reg-2") == null);
        // a second run of the cleaner (every second) must not report it again
        await().during(Duration.ofMillis(1_500)).atMost(CLEANER).until(() -> expirations.size() == 1);
        assertThat(expirations.get(0).registration()).isEqualTo(expired);
        assertThat(expirations.get(0).observations()).containsExactly(o);
        assertThat(store.getRegistrationByEndpoint("dev-2")).isNull();
        assertThat(store.getObservation(observationId(2))).isNull();
        assertThat(store.getRegistration("reg-1")).isEqualTo(alive);
    }

    @Test
    public void expired_registration_and_its_observations_are_gone_after_reopen() {
        Registration expired = registrationBuilder("reg-2", "dev-2", pskPeer("dev-2", 2)).lifeTimeInSec(1L)
                .lastUpdate(new Date(System.currentTimeMillis() - 5_000)).build();
        store.addRegistration(registration("reg-1", "dev-1", 1));
        store.addRegistration(expired);
        store.addObservation("reg-2", observation(2, "reg-2", "/3303/0/5700"), false);
        startCleaner();
        await().atMost(CLEANER).until(() -> expirations.size() == 1);

        restart();

        assertThat(store.getRegistration("reg-2")).isNull();
        assertThat(store.getRegistrationByEndpoint("dev-2")).isNull();
        assertThat(store.getObservation(observationId(2))).isNull();
        assertThat(store.getRegistration("reg-1")).isNotNull();
    }

    @Test
    public void registration_that_expired_while_stopped_is_expired_after_reopen() {
        Registration expired = registrationBuilder("reg-2", "dev-2", pskPeer("dev-2", 2)).lifeTimeInSec(1L)
                .lastUpdate(new Date(System.currentTimeMillis() - 5_000)).build();
        store.addRegistration(expired);
        SingleObservation o = observation(2, "reg-2", "/3303/0/5700");
        store.addObservation("reg-2", o, false);

        restart();
        startCleaner();

        await().atMost(CLEANER).until(() -> expirations.size() == 1);
        assertThat(expirations.get(0).registration()).isEqualTo(expired);
        assertThat(expirations.get(0).observations()).containsExactly(o);
        restart();
        assertThat(store.getRegistration("reg-2")).isNull();
        assertThat(store.getObservation(observationId(2))).isNull();
    }

    // ---------------------------------------------------------------- persistence

    @Test
    public void registration_survives_reopen_with_every_field_equal() {
        Registration r = registration("reg-1", "dev-1", 1);
        store.addRegistration(r);

        restart();

        Registration read = store.getRegistration("reg-1");
        assertThat(read).isEqualTo(r);
        assertThat(read.getLastUpdate()).isEqualTo(r.getLastUpdate());
        assertThat(read.getRegistrationDate()).isEqualTo(r.getRegistrationDate());
        assertThat(read.getLifeTimeInSec()).isEqualTo(300L);
        assertThat(read.getBindingMode()).isEqualTo(EnumSet.of(BindingMode.U));
        assertThat(read.getObjectLinks()).containsExactly(r.getObjectLinks());
        assertThat(read.getSupportedObject()).isEqualTo(r.getSupportedObject());
        assertThat(read.getAvailableInstances()).isEqualTo(r.getAvailableInstances());
        assertThat(read.getSupportedContentFormats()).isEqualTo(r.getSupportedContentFormats());
        assertThat(read.getClientTransportData()).isEqualTo(r.getClientTransportData());
        assertThat(read.getLastEndpointUsed()).isEqualTo(r.getLastEndpointUsed());
        assertThat(store.getRegistrationByEndpoint("dev-1")).isEqualTo(r);
        assertThat(store.getRegistrationByAdress(address(1, 5684))).isEqualTo(r);
        assertThat(store.getRegistrationByIdentity(new PskIdentity("psk-dev-1"))).isEqualTo(r);
        assertThat(all(store)).containsExactly(r);
    }

    @Test
    public void registration_with_a_non_ascii_endpoint_survives_reopen() {
        Registration r = registration("reg-1", "capteur-salle-été-☃", 1);
        store.addRegistration(r);

        restart();

        assertThat(store.getRegistrationByEndpoint("capteur-salle-été-☃")).isEqualTo(r);
    }

    @Test
    public void observations_survive_reopen_with_their_ids_paths_and_contexts() {
        store.addRegistration(registration("reg-1", "dev-1", 1));
        SingleObservation o1 = observation(1, "reg-1", "/3303/0/5700");
        SingleObservation o2 = observation(2, "reg-1", "/3/0/9");
        store.addObservation("reg-1", o1, false);
        store.addObservation("reg-1", o2, false);

        restart();

        assertThat(store.getObservations("reg-1")).containsExactlyInAnyOrder(o1, o2);
        SingleObservation read = (SingleObservation) store.getObservation("reg-1", observationId(1));
        assertThat(read.getId()).isEqualTo(observationId(1));
        assertThat(read.getPath()).isEqualTo(new LwM2mPath("/3303/0/5700"));
        assertThat(read.getContentFormat()).isEqualTo(ContentFormat.SENML_CBOR);
        assertThat(read.getContext()).isEqualTo(o1.getContext());
        assertThat(read.getProtocolData()).isEqualTo(o1.getProtocolData());
    }

    @Test
    public void observation_with_a_non_ascii_context_survives_reopen() {
        store.addRegistration(registration("reg-1", "dev-1", 1));
        SingleObservation o = new SingleObservation(observationId(1), "reg-1", new LwM2mPath("/3303/0/5700"),
                ContentFormat.SENML_CBOR, Map.of("room", "salle-été-☃"), Map.of("leshan-endpoint", "capteur-☃"));
        store.addObservation("reg-1", o, false);

        restart();

        Observation read = store.getObservation(observationId(1));
        assertThat(read).isEqualTo(o);
        assertThat(read.getProtocolData()).isEqualTo(o.getProtocolData());
    }

    @Test
    public void updated_registration_survives_reopen_with_its_new_values() {
        Registration r = registration("reg-1", "dev-1", 1);
        store.addRegistration(r);
        Link[] newLinks = links("</>;rt=\"oma.lwm2m\",</1/0>,</3/0>");
        Registration u = store
                .updateRegistration(
                        update(r, pskPeer("dev-1", 7), 600L, EnumSet.of(BindingMode.U, BindingMode.Q), newLinks))
                .getUpdatedRegistration();

        restart();

        Registration read = store.getRegistration("reg-1");
        assertThat(read).isEqualTo(u);
        assertThat(read.getLifeTimeInSec()).isEqualTo(600L);
        assertThat(read.getBindingMode()).isEqualTo(EnumSet.of(BindingMode.U, BindingMode.Q));
        assertThat(read.getObjectLinks()).containsExactly(newLinks);
        assertThat(read.getLastUpdate()).isEqualTo(u.getLastUpdate());
        assertThat(store.getRegistrationByAdress(address(7, 5684))).isEqualTo(u);
        assertThat(store.getRegistrationByAdress(address(1, 5684))).isNull();
    }

    @Test
    public void removed_registration_and_its_observations_stay_removed_after_reopen() {
        store.addRegistration(registration("reg-1", "dev-1", 1));
        store.addObservation("reg-1", observation(1, "reg-1", "/3303/0/5700"), false);
        Registration kept = registration("reg-2", "dev-2", 2);
        store.addRegistration(kept);
        store.removeRegistration("reg-1");

        restart();

        assertThat(store.getRegistration("reg-1")).isNull();
        assertThat(store.getRegistrationByEndpoint("dev-1")).isNull();
        assertThat(store.getObservation(observationId(1))).isNull();
        assertThat(all(store)).containsExactly(kept);
    }

    @Test
    public void replaced_registration_and_its_observations_stay_removed_after_reopen() {
        // the new id sorts before the old one, so a stale old registration would be loaded last and win
        store.addRegistration(registration("reg-b", "dev-1", 1));
        store.addObservation("reg-b", observation(1, "reg-b", "/3303/0/5700"), false);
        Registration fresh = registration("reg-a", "dev-1", 1);
        store.addRegistration(fresh);

        restart();

        assertThat(store.getRegistration("reg-b")).isNull();
        assertThat(store.getRegistrationByEndpoint("dev-1")).isEqualTo(fresh);
        assertThat(store.getObservation(observationId(1))).isNull();
        assertThat(all(store)).containsExactly(fresh);
    }

    @Test
    public void removed_and_replaced_observations_stay_removed_after_reopen() {
        store.addRegistration(registration("reg-1", "dev-1", 1));
        store.addRegistration(registration("reg-2", "dev-2", 2));
        // the replacing token sorts before the replaced one, so a stale replaced one would be loaded last and win
        store.addObservation("reg-1", observation(2, "reg-1", "/3303/0/5700"), false);
        SingleObservation replacing = observation(1, "reg-1", "/3303/0/5700");
        store.addObservation("reg-1", replacing, false);
        store.addObservation("reg-1", observation(3, "reg-1", "/3/0/9"), false);
        store.removeObservation("reg-1", observationId(3));
        store.addObservation("reg-2", observation(4, "reg-2", "/3/0/9"), false);
        store.removeObservations("reg-2");

        restart();

        assertThat(store.getObservations("reg-1")).containsExactly(replacing);
        assertThat(store.getObservation(observationId(2))).isNull();
        assertThat(store.getObservation(observationId(3))).isNull();
        assertThat(store.getObservation(observationId(4))).isNull();
        assertThat(store.getObservations("reg-2")).isEmpty();
    }
}

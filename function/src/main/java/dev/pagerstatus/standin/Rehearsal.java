package dev.pagerstatus.standin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pagerstatus.config.PagerDutyAccount;
import dev.pagerstatus.config.Settings;
import dev.pagerstatus.policy.Policy;
import dev.pagerstatus.support.Log;
import dev.pagerstatus.support.Secret;
import dev.pagerstatus.sync.ApiClients;
import dev.pagerstatus.sync.SyncService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Passes rehearsed against stand-ins of PagerDuty and Statuspage on loopback, seeded from the demo's samples. A
 * round opens a notice per sample incident, posts a responder's public note, resolves them all, then runs a pass
 * with nothing to do, one step (one pass) at a time: the code of every kind of pass runs, and the JIT sees it.
 * SnapStart priming runs a round before the snapshot; {@code serve} runs some while it is idle, because a real
 * page opens a notice too rarely for that code to be compiled when an acknowledgement needs it. A rehearsal reads
 * no setting, reaches nothing outside the process, and logs nothing.
 */
public final class Rehearsal implements AutoCloseable {
    /** The passes of a round. */
    public static final int STEPS = 4;

    private static final String PAGE = "rehearsal000";
    private static final String ACCOUNT = "rehearsal";

    private final PagerDutyStandIn pagerDuty = new PagerDutyStandIn();
    private final StatuspageStandIn statuspage = new StatuspageStandIn(PAGE, "rehearsal-statuspage-key");
    private final StandInApis apis;
    private final ApiClients clients;
    private final boolean ownClients;
    private final SyncService sync;
    private final List<String> opened = new ArrayList<>();
    private int next;

    private Rehearsal(ApiClients given) {
        pagerDuty.addAccount(ACCOUNT, "rehearsal-pagerduty-key");
        statuspage.addComponents(Samples.json("components.json"));
        // A round makes about 30 requests: the stand-in's rolling minute of 60, like Statuspage's, would hold it up.
        statuspage.requestsPerMinute(0);
        apis = StandInApis.start(pagerDuty, statuspage);
        Settings settings = new Settings(
                PAGE,
                Secret.of("rehearsal-statuspage-key"),
                List.of(new PagerDutyAccount(ACCOUNT, Secret.of("rehearsal-pagerduty-key"), List.of())),
                apis.pagerDutyUrl(),
                apis.statuspageUrl(),
                Policy.defaults());
        ownClients = given == null;
        clients = ownClients ? ApiClients.forStandIns() : given;
        sync = clients.syncService(settings);
    }

    /** Rehearses with these clients (SnapStart priming: the snapshot should hold the real clients warm). */
    public static Rehearsal with(ApiClients clients) {
        return new Rehearsal(clients);
    }

    /** Rehearses with clients of its own, so that nothing of the real passes' (counters, budgets) is touched. */
    public static Rehearsal withOwnClients() {
        return new Rehearsal(null);
    }

    /** One round: every step once. */
    public void round() {
        for (int i = 0; i < STEPS; i++) {
            step();
        }
    }

    /**
     * The next pass of the round: the openings (after a plan), a responder's public note, the resolutions, a pass
     * with nothing to do. Throws if the pass fails, which against the stand-ins means the rehearsal is broken.
     */
    public void step() {
        Log.quietly(() -> {
            switch (next) {
                case 0 -> {
                    opened.clear();
                    for (JsonNode seed : Samples.json("pagerduty-incidents.json")) {
                        opened.add(pagerDuty
                                .addIncident(
                                        ACCOUNT,
                                        new PagerDutyStandIn.IncidentSeed(
                                                seed.path("title").asText(),
                                                "acknowledged",
                                                Instant.now(),
                                                seed.path("channel"),
                                                null))
                                .path("id")
                                .asText());
                    }
                    require(sync.plan().succeeded(), "plan");
                    require(sync.sync().succeeded(), "the openings");
                }
                case 1 -> {
                    pagerDuty.addNote(
                            ACCOUNT,
                            opened.getFirst(),
                            "#public We are rolling back the change.",
                            "rehearsal@example.com");
                    require(sync.pass(Set.of(ACCOUNT + "/" + opened.getFirst())).succeeded(), "the public note");
                }
                case 2 -> {
                    opened.forEach(id -> pagerDuty.setStatus(ACCOUNT, id, "resolved"));
                    require(sync.sync().succeeded(), "the resolutions");
                }
                default -> require(sync.pass(Set.of()).succeeded(), "the quiet pass");
            }
            next = (next + 1) % STEPS;
        });
    }

    private static void require(boolean succeeded, String what) {
        if (!succeeded) {
            throw new IllegalStateException("the rehearsal's pass for " + what + " failed");
        }
    }

    @Override
    public void close() {
        if (ownClients) {
            clients.close();
        }
        apis.close();
    }
}

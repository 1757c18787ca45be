package io.milvusgitops.daemon.schedule;

import io.milvusgitops.daemon.safety.Failures;
import io.milvusgitops.policy.fleet.Environment;
import io.milvusgitops.policy.fleet.Fleet;
import io.milvusgitops.policy.rules.Freeze;
import io.milvusgitops.policy.rules.MaintenanceWindow;
import io.milvusgitops.policy.rules.RuleSet;
import java.time.Clock;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Properties;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;
import org.quartz.CronScheduleBuilder;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes the reconciler when policy time changes: at every maintenance-window opening (the window's
 * own Quartz cron, in its own time zone), when that opening closes again (a deny window that ends
 * lets plans start), and when a freeze ends. Without these, a plan waiting for Saturday 02:00 would
 * start at the next regular pass instead, up to a reconcile interval late.
 *
 * <p>The triggers are rebuilt from every new desired state; a trigger only asks for a pass, and the
 * pass decides with the policy engine, so a trigger that fires at a wrong moment changes nothing.
 */
public final class WindowTriggers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WindowTriggers.class);
    private static final String WAKE = "wake";
    private static final String GROUP = "policy";
    /** Closings of windows that opened: kept across updates, since the opening already fired. */
    private static final String CLOSING = "closing";

    private final Scheduler scheduler;
    private final Clock clock;

    /** {@code wake} is called on a Quartz thread: it must only queue a pass. */
    public WindowTriggers(Runnable wake, Clock clock) {
        this.clock = clock;
        Properties p = new Properties();
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "milvus-gitops-" + UUID.randomUUID());
        p.setProperty("org.quartz.threadPool.threadCount", "1");
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        p.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        try {
            scheduler = new StdSchedulerFactory(p).getScheduler();
            scheduler.getContext().put(WAKE, wake);
            scheduler.start();
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot start the window scheduler: " + e.getMessage(), e);
        }
    }

    /** Replaces every trigger by those of {@code fleet}'s policy. Returns how many are scheduled. */
    public synchronized int update(Fleet fleet) {
        try {
            for (var key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
                scheduler.deleteJob(key);
            }
            Set<MaintenanceWindow> windows = new LinkedHashSet<>();
            Set<Freeze> freezes = new LinkedHashSet<>();
            for (Environment env : fleet.environments()) {
                RuleSet rules = fleet.policy().rulesFor(env.name());
                windows.addAll(rules.windows());
                freezes.addAll(rules.freezeList());
            }
            int n = 0;
            for (MaintenanceWindow w : windows) {
                // One by one: a window whose cron fires no more (a year in the past) must not cost the others.
                try {
                    schedule("window-" + n, TriggerBuilder.newTrigger().withSchedule(CronScheduleBuilder.cronSchedule(w.schedule())
                            .inTimeZone(TimeZone.getTimeZone(w.zone())).withMisfireHandlingInstructionFireAndProceed()).build(),
                            w.duration().toMillis());
                    n++;
                } catch (SchedulerException | RuntimeException e) {
                    LOG.info("window '{}' ({}) is not scheduled: {}", w.schedule(), w.zone(), e.getMessage());
                }
            }
            for (Freeze f : freezes) {
                if (f.to().isAfter(clock.instant())) {
                    schedule("freeze-end-" + n++, TriggerBuilder.newTrigger().startAt(Date.from(f.to())).build(), 0);
                }
            }
            LOG.info("{} policy triggers: {} maintenance windows, {} freezes", n, windows.size(), freezes.size());
            return n;
        } catch (SchedulerException | RuntimeException e) {
            // Never fatal: passes at the reconcile interval still find every window, only later.
            LOG.warn("cannot schedule the policy triggers (passes at the reconcile interval stand in): {}", Failures.describe(e));
            return 0;
        }
    }

    private void schedule(String name, Trigger trigger, long closesAfterMillis) throws SchedulerException {
        JobDetail job = JobBuilder.newJob(Wake.class).withIdentity(name, GROUP).usingJobData("closesAfterMillis", closesAfterMillis).build();
        scheduler.scheduleJob(job, trigger);
    }

    /** Asks for a pass; at a window's opening, also schedules the pass at its closing. */
    public static final class Wake implements Job {
        @Override
        public void execute(JobExecutionContext ctx) throws JobExecutionException {
            try {
                ((Runnable) ctx.getScheduler().getContext().get(WAKE)).run();
                long closes = ctx.getMergedJobDataMap().getLong("closesAfterMillis");
                if (closes > 0) {
                    JobDetail end = JobBuilder.newJob(Wake.class).withIdentity(ctx.getJobDetail().getKey().getName() + "-" + UUID.randomUUID(), CLOSING)
                            .usingJobData("closesAfterMillis", 0L).build();
                    ctx.getScheduler().scheduleJob(end, TriggerBuilder.newTrigger().startAt(new Date(System.currentTimeMillis() + closes)).build());
                }
            } catch (SchedulerException e) {
                throw new JobExecutionException(e);
            }
        }
    }

    @Override
    public void close() {
        try {
            scheduler.shutdown(false);
        } catch (SchedulerException e) {
            LOG.debug("window scheduler shutdown: {}", e.toString());
        }
    }
}

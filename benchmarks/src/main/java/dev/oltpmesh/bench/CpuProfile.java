package dev.oltpmesh.bench;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CPU a phase of the run costs, and the memory it allocates, by component. The JVM runs the services, the broker and the load
 * generators together: its CPU time is split by Java Flight Recorder's execution samples, each
 * counted for the first frame from the top of its stack that belongs to a component (code shared by
 * the services is skipped, so a sample in it counts for the service that called it); samples cover
 * only threads running Java code, so CPU outside it (garbage collection, the JIT compiler, system
 * calls) is shared out in proportion. PostgreSQL's CPU is read from {@code /proc} for every
 * {@code postgres} process but those of one server left out (the baseline's).
 */
public final class CpuProfile {

    /** Components and the class name prefixes whose frames are theirs, in the order they are tried. */
    private static final Map<String, List<String>> COMPONENTS = new LinkedHashMap<>();

    static {
        COMPONENTS.put("gateway", List.of("dev.oltpmesh.gateway."));
        COMPONENTS.put("router", List.of("dev.oltpmesh.router."));
        COMPONENTS.put("peer", List.of("dev.oltpmesh.peer."));
        COMPONENTS.put("config", List.of("dev.oltpmesh.config."));
        COMPONENTS.put("broker", List.of("kafka.", "org.apache.kafka.server.", "org.apache.kafka.storage.",
                "org.apache.kafka.raft.", "org.apache.kafka.controller.", "org.apache.kafka.coordinator.",
                "org.apache.kafka.network.", "org.apache.kafka.metadata.", "org.apache.kafka.image."));
        COMPONENTS.put("load generator", List.of("dev.oltpmesh.bench.", "java.net.http.", "jdk.internal.net.http."));
    }

    public static final String KAFKA_CLIENTS = "Kafka clients (every service)";
    public static final String OTHER = "other (HTTP servers, unattributed)";

    private final Recording recording = new Recording();
    private final long jvmCpuStart;
    private final long postgresTicksStart;
    private final long started;
    private final long excludedServer;

    private CpuProfile(long excludedServer) {
        this.excludedServer = excludedServer;
        recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
        // Allocation samples weigh the bytes allocated since the last one: what each component allocates.
        recording.enable("jdk.ObjectAllocationSample").with("throttle", "1000/s");
        recording.start();
        jvmCpuStart = jvmCpuNanos();
        postgresTicksStart = postgresTicks();
        started = System.nanoTime();
    }

    /** @param excludedServer a PostgreSQL server (its process id) whose CPU, and its backends', is not counted */
    public static CpuProfile start(long excludedServer) {
        return new CpuProfile(excludedServer);
    }

    /** CPU milliseconds per 1,000 rows by component, with the totals they come from. */
    public Map<String, Object> stop(long rows) throws IOException {
        long wallNanos = System.nanoTime() - started;
        double jvmMs = (jvmCpuNanos() - jvmCpuStart) / 1e6;
        double postgresMs = (postgresTicks() - postgresTicksStart) * 1000.0 / 100; // USER_HZ is 100 on Linux
        recording.stop();
        Path file = Files.createTempFile("mesh-bench-cpu-", ".jfr");
        Map<String, Long> samples = new TreeMap<>();
        Map<String, Long> allocated = new TreeMap<>();
        try {
            recording.dump(file);
            try (RecordingFile events = new RecordingFile(file)) {
                while (events.hasMoreEvents()) {
                    RecordedEvent event = events.readEvent();
                    switch (event.getEventType().getName()) {
                        case "jdk.ExecutionSample" -> samples.merge(componentOf(event), 1L, Long::sum);
                        case "jdk.ObjectAllocationSample" ->
                                allocated.merge(componentOf(event), event.getLong("weight"), Long::sum);
                        default -> {
                        }
                    }
                }
            }
        } finally {
            recording.close();
            Files.deleteIfExists(file);
        }
        long total = samples.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Object> perThousandRows = new LinkedHashMap<>();
        for (String component : COMPONENTS.keySet()) {
            perThousandRows.put(component, perThousand(jvmMs * samples.getOrDefault(component, 0L) / Math.max(1, total), rows));
        }
        perThousandRows.put(KAFKA_CLIENTS, perThousand(jvmMs * samples.getOrDefault(KAFKA_CLIENTS, 0L) / Math.max(1, total), rows));
        perThousandRows.put(OTHER, perThousand(jvmMs * samples.getOrDefault(OTHER, 0L) / Math.max(1, total), rows));
        perThousandRows.put("PostgreSQL", perThousand(postgresMs, rows));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("rows", rows);
        figures.put("wallSeconds", Math.round(wallNanos / 1e7) / 100.0);
        figures.put("jvmCpuSeconds", Math.round(jvmMs / 10) / 100.0);
        figures.put("postgresCpuSeconds", Math.round(postgresMs / 10) / 100.0);
        figures.put("samples", total);
        figures.put("cpuMsPer1000Rows", perThousandRows);
        Map<String, Object> allocatedPerThousandRows = new LinkedHashMap<>();
        List<String> components = new java.util.ArrayList<>(COMPONENTS.keySet());
        components.add(KAFKA_CLIENTS);
        components.add(OTHER);
        for (String component : components) {
            allocatedPerThousandRows.put(component,
                    Math.round(allocated.getOrDefault(component, 0L) / 1e6 / rows * 1000 * 100) / 100.0);
        }
        figures.put("allocatedMbPer1000Rows", allocatedPerThousandRows);
        figures.put("heapUsedAfterGcMb", heapUsedAfterGcMb());
        return figures;
    }

    /** The heap the whole cluster's JVM (services, broker, load generators) keeps after a full collection. */
    private static double heapUsedAfterGcMb() {
        System.gc();
        return Math.round(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e5) / 10.0;
    }

    private static double perThousand(double cpuMs, long rows) {
        return Math.round(cpuMs / rows * 1000 * 100) / 100.0;
    }

    private static String componentOf(RecordedEvent sample) {
        if (sample.getStackTrace() != null) {
            for (RecordedFrame frame : sample.getStackTrace().getFrames()) {
                String type = frame.getMethod().getType().getName();
                for (Map.Entry<String, List<String>> component : COMPONENTS.entrySet()) {
                    if (component.getValue().stream().anyMatch(type::startsWith)) {
                        return component.getKey();
                    }
                }
            }
        }
        // An execution sample names the thread it sampled; an allocation sample is the allocating thread's own event.
        RecordedThread thread = sample.hasField("sampledThread") ? sample.getThread("sampledThread") : sample.getThread();
        String name = thread == null || thread.getJavaName() == null ? "" : thread.getJavaName();
        return name.startsWith("kafka-producer-network-thread") || name.contains("-C-") || name.startsWith("kafka-")
                ? KAFKA_CLIENTS : OTHER;
    }

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** User and system clock ticks of every process named postgres but the excluded server's. */
    private long postgresTicks() {
        long ticks = 0;
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .toList()) {
                try {
                    String stat = Files.readString(process.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    if (!stat.substring(stat.indexOf('(') + 1, close).equals("postgres")) {
                        continue;
                    }
                    String[] fields = stat.substring(close + 2).split(" ");
                    long pid = Long.parseLong(process.getFileName().toString());
                    if (pid == excludedServer || Long.parseLong(fields[1]) == excludedServer) {
                        continue;
                    }
                    // After the name (stat's field 2) come state (3) … utime (14), stime (15), and the times of
                    // children that ended (16, 17): backends that exit are counted in their server's.
                    for (int field = 11; field <= 14; field++) {
                        ticks += Long.parseLong(fields[field]);
                    }
                } catch (IOException | RuntimeException e) {
                    // A process that ended meanwhile.
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks;
    }
}

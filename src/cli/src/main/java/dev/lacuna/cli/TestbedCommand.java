package dev.lacuna.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lacuna.engine.checkpoint.HfCheckpoint;
import dev.lacuna.engine.data.Corpus;
import dev.lacuna.engine.data.CorpusLoader;
import dev.lacuna.engine.data.DataCatalog;
import dev.lacuna.engine.data.DataSetKind;
import dev.lacuna.engine.data.SyntheticSize;
import dev.lacuna.engine.data.download.DownloadException;
import dev.lacuna.engine.model.ModelConfig;
import dev.lacuna.engine.model.PaperModels;
import dev.lacuna.engine.testbed.CorruptTestbedException;
import dev.lacuna.engine.testbed.Gates;
import dev.lacuna.engine.testbed.PaperRecipe;
import dev.lacuna.engine.testbed.Testbed;
import dev.lacuna.engine.testbed.TestbedArchive;
import dev.lacuna.engine.testbed.TestbedBuilder;
import dev.lacuna.engine.testbed.TestbedData;
import dev.lacuna.engine.testbed.TestbedGateException;
import dev.lacuna.engine.testbed.TestbedRecipe;
import dev.lacuna.engine.testbed.TestbedStore;
import dev.lacuna.engine.testbed.TestbedSummary;
import dev.lacuna.engine.testbed.ThetaP;
import dev.lacuna.engine.testbed.TokenizerFile;
import dev.lacuna.engine.tokenizer.CheckpointPrompts;
import dev.lacuna.engine.tokenizer.HfTokenizer;
import dev.lacuna.engine.tokenizer.PromptFormat;
import dev.lacuna.engine.tokenizer.SubwordTokenizer;
import dev.lacuna.engine.training.MemoryPlan;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code lacuna testbed ...}: build, list and inspect testbeds (DESIGN 4). */
@Command(name = "testbed", description = "Build, list and inspect testbeds (data set x model x mask seed).",
        mixinStandardHelpOptions = true,
        subcommands = {TestbedCommand.Build.class, TestbedCommand.ListTestbeds.class, TestbedCommand.Show.class,
                TestbedCommand.Export.class, TestbedCommand.Import.class, TestbedCatalogCommands.Catalog.class,
                TestbedCatalogCommands.Fetch.class})
final class TestbedCommand {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The folder holding testbeds: {@code <home>/testbeds}. */
    static Path storeRoot(Path home) {
        return LacunaHome.resolve(home).resolve("testbeds");
    }

    @Command(name = "build", description = {
        "Build a testbed and print its id as the last line on stdout; progress goes to stderr.",
        "Without --data the synthetic set is used (generated, no data directory needed); --model defaults to "
                + "tiny for synthetic and small for tofu and lume.",
        "Several mask seeds (--mask-seed 7,19,31) are built in parallel child processes of one thread each."},
            mixinStandardHelpOptions = true)
    static final class Build implements java.util.concurrent.Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--data", paramLabel = "NAME", description = "synthetic (default), tofu or lume.")
        String data = "synthetic";

        @Option(names = "--model", paramLabel = "NAME", description = "tiny or small (default: tiny for synthetic, small otherwise), "
                + "or a paper-scale model of a recipe (llama-3.1-8b-instruct, olmo-2-7b-instruct, olmo-2-1b; docs/operations.md), "
                + "which needs --device cuda:N and --checkpoint.")
        String model;

        @Option(names = "--device", defaultValue = "cpu", paramLabel = "cpu|cuda:N", description = "Where the build computes (default cpu).")
        String device;

        @Option(names = "--checkpoint", paramLabel = "DIR",
                description = "A Hugging Face model folder (Llama or OLMo-2; docs/checkpoints.md) that theta_r starts from "
                        + "instead of a fresh model; the testbed's model is the checkpoint's, --model tiny|small then picks "
                        + "the CPU recipe it is trained with (default tiny).")
        Path checkpoint;

        @Option(names = "--prompt-format", paramLabel = "NAME",
                description = "With --checkpoint: plain, llama3-chat or olmo2-chat (default: what the checkpoint's chat "
                        + "template suggests, plain without one).")
        String promptFormat;

        @Option(names = "--mask-seed", paramLabel = "SEED", split = ",", required = true, converter = MaskSeedConverter.class,
                description = "Seed(s) of the target region V_tgt, comma separated (the benchmark uses 7,19,31,47,99).")
        List<Long> maskSeeds = new ArrayList<>();

        @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory with tofu/ and lume/ (default: $LACUNA_DATA_DIR).")
        Path dataDir;

        @Option(names = "--home", paramLabel = "DIR", description = "State folder; testbeds go to <home>/testbeds (default: $LACUNA_HOME or ~/.lacuna).")
        Path home;

        @Option(names = "--jobs", paramLabel = "N", description = "Mask seeds built at once (default: the number of processors).")
        Integer jobs;

        @Override
        public Integer call() {
            BuildRequest request = request();
            Path store = storeRoot(home);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<Long> seeds = List.copyOf(new LinkedHashSet<>(maskSeeds));
            if (seeds.size() == 1) {
                Testbed built = buildOne(request, seeds.get(0), store, err);
                err.printf(Locale.ROOT, "built %s in %.1f s: %s%n", built.id(), built.manifest().path("build_seconds").asDouble(),
                        describeGates(built.gates()));
                err.flush();
                out.println(built.id());
                out.flush();
                return 0;
            }
            return buildInChildren(request, seeds, store, out, err);
        }

        private BuildRequest request() {
            DataSetKind kind;
            try {
                kind = DataSetKind.fromId(data);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            String modelName = model == null ? (kind == DataSetKind.SYNTHETIC ? "tiny" : "small") : model.toLowerCase(Locale.ROOT);
            ComputeDevice where = ComputeDevice.option(spec, device);
            if (PaperModels.isKnown(modelName)) {
                refusePaperScale(kind, modelName, where);
            }
            if (!modelName.equals("tiny") && !modelName.equals("small")) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "unknown model '" + model + "': expected tiny or small, or a paper-scale recipe's model ("
                                + PaperRecipe.all().stream().map(PaperRecipe::family).collect(Collectors.joining(", ")) + ")");
            }
            if (checkpoint != null && !Files.isRegularFile(checkpoint.resolve(HfCheckpoint.CONFIG))) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--checkpoint " + checkpoint
                        + " holds no config.json: it must be a Hugging Face model folder (docs/checkpoints.md)");
            }
            if (checkpoint == null && promptFormat != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--prompt-format applies to --checkpoint builds only");
            }
            if (promptFormat != null) {
                try {
                    PromptFormat.named(promptFormat);
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
                }
            }
            where.requireAvailable();
            if (jobs != null && jobs < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--jobs must be at least 1, got " + jobs);
            }
            Optional<Path> directory = DataCommand.DataDirectory.resolve(dataDir);
            if (directory.isPresent() && !Files.isDirectory(directory.get())) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no such data directory: " + directory.get());
            }
            DataCatalog catalog = new DataCatalog(directory);
            if (!catalog.statusOf(kind).available()) {
                String why = directory.isEmpty() ? "no data directory: pass --data-dir DIR or set LACUNA_DATA_DIR"
                        : catalog.statusOf(kind).describe() + "; run '" + catalog.statusOf(kind).fetchCommand() + "' first";
                throw new CommandLine.ParameterException(spec.commandLine(), kind.id() + " needs its files: " + why);
            }
            return new BuildRequest(kind, modelName, catalog, where, checkpoint, promptFormat);
        }

        /**
         * A paper-scale recipe cannot be built yet: its stage A trains every parameter of a 7-8 B model, which needs more
         * than one 80 GB GPU (docs/operations.md), and the CUDA path has never run. What it needs is known, so it is
         * refused with the recipe, the device and the memory plan before any data is read; on a CPU host the message
         * says that a CUDA device is what is missing. Small checkpoints build on the CPU with {@code --checkpoint}.
         */
        private void refusePaperScale(DataSetKind kind, String modelName, ComputeDevice where) {
            PaperRecipe recipe = PaperRecipe.find(kind.id(), modelName).orElseThrow(() -> new CommandLine.ParameterException(
                    spec.commandLine(), "no paper-scale recipe " + kind.id() + "/" + modelName + " (recipes: "
                            + PaperRecipe.all().stream().map(PaperRecipe::family).collect(Collectors.joining(", ")) + ")"));
            MemoryPlan injection = recipe.injectionMemory();
            String needs = String.format(Locale.ROOT, "%s is a paper-scale recipe (theta_p from %s): it needs a CUDA device, "
                            + "--device cuda:N, with about %.1f GiB of GPU memory for its masked injection (memory plan: frozen "
                            + "bf16 weights %.1f GiB, region rows with gradients and AdamW moments %.1f GiB, activations %.1f GiB; "
                            + "'./lacuna plan memory --model %s --region %s' prints it)", recipe.family(), recipe.checkpoint(),
                    gib(injection.totalBytes()), gib(injection.frozenWeightBytes()),
                    gib(injection.masterBytes() + injection.gradientBytes() + injection.adamMBytes() + injection.adamVBytes()),
                    gib(injection.activationBytes()), recipe.model().name(), recipe.fraction());
            if (!where.cuda()) {
                throw new IllegalStateException(needs + "; this build asked for --device " + where.label());
            }
            where.requireAvailable();
            if (checkpoint == null || !Files.isRegularFile(checkpoint.resolve("config.json"))) {
                throw new CommandLine.ParameterException(spec.commandLine(), recipe.family() + " needs --checkpoint DIR, a local "
                        + "folder with " + recipe.checkpoint() + "'s config.json and safetensors"
                        + (checkpoint == null ? "" : "; " + checkpoint + " holds no config.json"));
            }
            throw new IllegalStateException(needs + "; paper-scale builds are not available yet: stage A trains every parameter "
                    + "and does not fit one 80 GB GPU at this size (docs/operations.md, Real checkpoints on GPU workers)");
        }

        private static double gib(long bytes) {
            return bytes / (double) (1L << 30);
        }

        private Testbed buildOne(BuildRequest request, long maskSeed, Path store, PrintWriter err) {
            err.println("loading " + request.kind().id() + " data");
            err.flush();
            Corpus corpus = CorpusLoader.load(request.kind(), request.catalog(), BuildRequest.SYNTHETIC_SEED,
                    BuildRequest.syntheticSize(request.model()));
            err.println("fitting the tokenizer");
            err.flush();
            TestbedBuilder builder = new TestbedBuilder(request.device().djl(), line -> {
                err.println(line);
                err.flush();
            }).withThetaRCache(store.toAbsolutePath().resolveSibling("cache").resolve("theta_r"));
            if (request.checkpoint() != null) {
                return buildOnCheckpoint(request, corpus, builder, maskSeed, store, err);
            }
            SubwordTokenizer tokenizer = SubwordTokenizer.fit(corpus, BuildRequest.vocabulary(request.kind(), request.model()));
            ModelConfig config = ModelConfig.named(request.model(), tokenizer.vocabularySize());
            return builder.build(TestbedData.from(corpus), tokenizer, new TokenizerFile("tokenizer.json", tokenizer.toJson()),
                    config, maskSeed, TestbedRecipe.forTestbed(request.kind().id(), request.model()), store);
        }

        /**
         * theta_r from a pretrained checkpoint: its weights, tokenizer and prompt format, trained by the CPU recipe
         * {@code --model} names; the testbed's model is the checkpoint's ({@code llama-<hash>}, {@code olmo2-<hash>}).
         */
        private Testbed buildOnCheckpoint(BuildRequest request, Corpus corpus, TestbedBuilder builder, long maskSeed, Path store,
                                          PrintWriter err) {
            err.println("reading checkpoint " + request.checkpoint());
            err.flush();
            HfCheckpoint read;
            try {
                read = HfCheckpoint.read(request.checkpoint(), BuildRequest.CHECKPOINT_CONTEXT_CAP);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read checkpoint " + request.checkpoint() + ": " + e.getMessage(), e);
            }
            try (CheckpointPrompts prompts = request.promptFormat() == null ? CheckpointPrompts.open(request.checkpoint())
                    : CheckpointPrompts.open(request.checkpoint(), PromptFormat.named(request.promptFormat()))) {
                ThetaP thetaP = ThetaP.of(read, request.checkpoint(), prompts.format());
                err.println("checkpoint " + read.config().name() + " (" + read.sha256() + "), prompt format " + prompts.format().id());
                err.flush();
                byte[] tokenizerJson = thetaP.files().get(HfTokenizer.TOKENIZER_FILE);
                return builder.build(thetaP.data(corpus), prompts.tokenizer(), new TokenizerFile(HfTokenizer.TOKENIZER_FILE, tokenizerJson),
                        read.config(), maskSeed, TestbedRecipe.forTestbed(request.kind().id(), request.model()), store, thetaP);
            }
        }

        private int buildInChildren(BuildRequest request, List<Long> seeds, Path store, PrintWriter out, PrintWriter err) {
            int parallel = jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
            err.printf(Locale.ROOT, "building %d mask seeds, %d at a time, one thread each%n", seeds.size(), Math.min(parallel, seeds.size()));
            err.flush();
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, seeds.size()));
            try {
                List<Future<ChildResult>> futures = new ArrayList<>();
                for (long seed : seeds) {
                    futures.add(pool.submit(() -> runChild(request, seed, store, err)));
                }
                List<ChildResult> results = new ArrayList<>();
                for (Future<ChildResult> f : futures) {
                    results.add(f.get());
                }
                List<String> failed = new ArrayList<>();
                for (ChildResult r : results) {
                    if (r.exitCode() != 0 || r.id() == null) {
                        failed.add("mask seed " + r.maskSeed() + ": " + (r.lastError() == null ? "exit code " + r.exitCode() : r.lastError()));
                    }
                }
                for (ChildResult r : results) {
                    if (r.exitCode() == 0 && r.id() != null) {
                        out.println(r.id());
                    }
                }
                out.flush();
                if (!failed.isEmpty()) {
                    err.println("lacuna: " + failed.size() + " of " + seeds.size() + " builds failed: " + String.join("; ", failed));
                    err.flush();
                    return 1;
                }
                return 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while building testbeds", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("cannot run a child build: " + e.getCause().getMessage(), e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }

        private ChildResult runChild(BuildRequest request, long seed, Path store, PrintWriter err) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(ChildJvm.command(List.of("testbed", "build", "--data", request.kind().id(),
                    "--model", request.model(), "--device", request.device().label(), "--mask-seed", Long.toString(seed),
                    "--home", LacunaHome.resolve(home).toString())));
            request.catalog().dataDirectory().ifPresent(d -> command.addAll(List.of("--data-dir", d.toString())));
            if (request.checkpoint() != null) {
                command.addAll(List.of("--checkpoint", request.checkpoint().toAbsolutePath().toString()));
            }
            if (request.promptFormat() != null) {
                command.addAll(List.of("--prompt-format", request.promptFormat()));
            }
            Process process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
            String prefix = "[mask seed " + seed + "] ";
            String[] lastError = {null};
            Thread errors = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        if (line.startsWith("lacuna: ")) {
                            lastError[0] = line.substring("lacuna: ".length());
                        }
                        synchronized (err) {
                            err.println(prefix + line);
                            err.flush();
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            errors.start();
            String last = null;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (!line.isBlank()) {
                        last = line.trim();
                    }
                }
            }
            int code = process.waitFor();
            errors.join();
            return new ChildResult(seed, code, code == 0 ? last : null, lastError[0]);
        }
    }

    /** What a build needs besides the mask seed. */
    record BuildRequest(DataSetKind kind, String model, DataCatalog catalog, ComputeDevice device, Path checkpoint,
                        String promptFormat) {

        /** Longest sequence a checkpoint testbed's model is asked to take: the testbed items are short (TOFU's fit). */
        static final int CHECKPOINT_CONTEXT_CAP = 512;

        /** The synthetic set is generated from this seed; the mask seed varies only V_tgt. */
        static final long SYNTHETIC_SEED = 7;

        /** The synthetic set grows with the model: tiny people for the tiny model, the small set otherwise. */
        static SyntheticSize syntheticSize(String model) {
            return model.equals("tiny") ? SyntheticSize.TINY : SyntheticSize.SMALL;
        }

        /** Largest tokenizer vocabulary: 400 for the tiny synthetic corpus, the tokenizer's default otherwise. */
        static int vocabulary(DataSetKind kind, String model) {
            return kind == DataSetKind.SYNTHETIC && model.equals("tiny") ? 400 : SubwordTokenizer.DEFAULT_VOCABULARY_SIZE;
        }
    }

    record ChildResult(long maskSeed, int exitCode, String id, String lastError) {
    }

    @Command(name = "list", description = "List the stored testbeds with their gates.", mixinStandardHelpOptions = true)
    static final class ListTestbeds implements Runnable {

        @Spec
        CommandSpec spec;

        @Option(names = "--home", paramLabel = "DIR", description = "State folder (default: $LACUNA_HOME or ~/.lacuna).")
        Path home;

        @Option(names = "--json", description = "Print a JSON array.")
        boolean json;

        @Override
        public void run() {
            TestbedStore store = new TestbedStore(storeRoot(home));
            List<TestbedSummary> summaries = store.list();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ArrayNode array = JSON.createArrayNode();
                for (TestbedSummary s : summaries) {
                    array.add(describe(folderOf(store, s), s));
                }
                out.println(write(array));
            } else if (summaries.isEmpty()) {
                out.println("no testbeds in " + store.root() + " (build one with './lacuna testbed build --mask-seed 7')");
            } else {
                out.printf(Locale.ROOT, "%-44s %-9s %-6s %5s  %s%n", "ID", "DATA", "MODEL", "SEED", "GATES (forget ES o/r, retain ES o/r)");
                for (TestbedSummary s : summaries) {
                    ObjectNode d = describe(folderOf(store, s), s);
                    String gates = d.path("status").asText().equals("ok") ? describeGates(gatesOf(d))
                            : "REFUSED: " + d.path("error").asText();
                    out.printf(Locale.ROOT, "%-44s %-9s %-6s %5d  %s%n", s.id(), s.data(), s.model(), s.maskSeed(), gates);
                }
            }
            out.flush();
        }
    }

    @Command(name = "show", description = "Verify one testbed and show its manifest and gates.", mixinStandardHelpOptions = true)
    static final class Show implements java.util.concurrent.Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID", description = "Full id, a unique prefix of an id, or the hash (or a prefix of it).")
        String id;

        @Option(names = "--home", paramLabel = "DIR", description = "State folder (default: $LACUNA_HOME or ~/.lacuna).")
        Path home;

        @Option(names = "--json", description = "Print the manifest as JSON.")
        boolean json;

        @Override
        public Integer call() {
            TestbedStore store = new TestbedStore(storeRoot(home));
            TestbedSummary found = find(store, id, spec);
            Path folder = folderOf(store, found);
            PrintWriter out = spec.commandLine().getOut();
            Testbed testbed;
            try {
                testbed = Testbed.open(folder);
            } catch (CorruptTestbedException e) {
                spec.commandLine().getErr().println("lacuna: testbed " + found.id() + " is refused: " + e.getMessage());
                spec.commandLine().getErr().flush();
                return 1;
            }
            JsonNode manifest = testbed.manifest();
            if (json) {
                out.println(write(manifest));
            } else {
                out.println("id:          " + testbed.id());
                out.println("hash:        " + testbed.hash() + " (verified)");
                out.println("data:        " + manifest.path("data").asText() + " (sha256 " + manifest.path("data_sha256").asText() + ")");
                out.println("model:       " + manifest.path("model").asText() + ", " + testbed.config().layers() + " layers, d_model "
                        + testbed.config().dModel() + ", d_ff " + testbed.config().dFf() + ", vocabulary " + testbed.config().vocab());
                out.println("mask seed:   " + testbed.maskSeed());
                out.println("V_tgt:       " + manifest.path("region_size").asInt() + " value vectors (p = "
                        + manifest.path("region_fraction").asDouble() + ")");
                out.println("gates:       " + describeGates(testbed.gates()));
                out.println("build:       " + manifest.path("build_seconds").asDouble() + " s");
                out.println("folder:      " + folder);
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "export", description = "Write one verified testbed (manifest and files) to a single archive file.",
            mixinStandardHelpOptions = true)
    static final class Export implements java.util.concurrent.Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID", description = "Full id, a unique prefix of an id, or the hash (or a prefix of it).")
        String id;

        @Option(names = "--out", paramLabel = "FILE", required = true, description = "The archive to write (a zip).")
        Path out;

        @Option(names = "--home", paramLabel = "DIR", description = "State folder (default: $LACUNA_HOME or ~/.lacuna).")
        Path home;

        @Override
        public Integer call() {
            TestbedStore store = new TestbedStore(storeRoot(home));
            TestbedSummary found = find(store, id, spec);
            Testbed testbed;
            try {
                testbed = Testbed.open(folderOf(store, found));
            } catch (CorruptTestbedException e) {
                spec.commandLine().getErr().println("lacuna: testbed " + found.id() + " is refused, not exported: " + e.getMessage());
                spec.commandLine().getErr().flush();
                return 1;
            }
            TestbedArchive.export(testbed, out);
            spec.commandLine().getErr().println("exported " + testbed.id() + " to " + out);
            spec.commandLine().getErr().flush();
            spec.commandLine().getOut().println(testbed.hash());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "import", description = {
        "Store a testbed from an archive written by 'testbed export', given as a file or an http(s) URL.",
        "A URL is downloaded to <home>/cache/downloads/ first; an interrupted download resumes on the next run.",
        "Every file's sha256 and the content hash are verified in a temporary folder inside the store before the "
                + "testbed is moved into place; a damaged stored copy of the same hash is replaced. On refusal nothing is stored."},
            mixinStandardHelpOptions = true)
    static final class Import implements java.util.concurrent.Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE|URL", description = "The archive file, or an http(s) URL to download it from.")
        String source;

        @CommandLine.Mixin
        TestbedCatalogCommands.StoreHome store;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            Optional<Testbed> stored;
            if (ArchiveDownload.isUrl(source)) {
                URI url = URI.create(source);
                Path part;
                try {
                    part = ArchiveDownload.download(store.home, url);
                } catch (DownloadException e) {
                    return failed(err, e.getMessage());
                }
                try {
                    stored = importArchive(part, url.toString(), null, store.home, err);
                } finally {
                    ArchiveDownload.discard(part);
                }
            } else {
                Path archive = Path.of(source);
                if (!Files.isRegularFile(archive)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "no such archive: " + archive);
                }
                stored = importArchive(archive, archive.getFileName().toString(), null, store.home, err);
            }
            if (stored.isEmpty()) {
                return 1;
            }
            spec.commandLine().getOut().println(stored.get().id());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /**
     * Imports one archive (verifying every hash, and the content hash against {@code expectedHash} unless null);
     * on refusal prints why, naming the archive as {@code name}, and returns empty: nothing was stored then.
     */
    static Optional<Testbed> importArchive(Path archive, String name, String expectedHash, Path home, PrintWriter err) {
        try {
            Testbed stored = TestbedArchive.importInto(new TestbedStore(storeRoot(home)), archive, expectedHash);
            err.println("imported " + stored.id() + " (every hash verified)");
            err.flush();
            return Optional.of(stored);
        } catch (CorruptTestbedException e) {
            failed(err, "archive " + name + " is refused, nothing was stored: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Prints {@code lacuna: message} on stderr and returns exit code 1. */
    static int failed(PrintWriter err, String message) {
        err.println("lacuna: " + message);
        err.flush();
        return 1;
    }

    /** The testbed an id, id prefix, hash or hash prefix names; a usage error when none or several match. */
    static TestbedSummary find(TestbedStore store, String id, CommandSpec spec) {
        List<TestbedSummary> all = store.list();
        for (TestbedSummary s : all) {
            if (s.id().equals(id) || s.hash().equals(id)) {
                return s;
            }
        }
        List<TestbedSummary> matches = all.stream().filter(s -> s.id().startsWith(id) || s.hash().startsWith(id)).toList();
        if (matches.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "no testbed '" + id + "' in " + store.root() + "; './lacuna testbed list' shows what is there");
        }
        if (matches.size() > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "'" + id + "' matches " + matches.size()
                    + " testbeds: " + String.join(", ", matches.stream().map(TestbedSummary::id).toList()));
        }
        return matches.get(0);
    }

    /**
     * The folder a listed testbed lives in: the one named by its hash, or, when the manifest's hash does not
     * name a folder (an altered manifest), the folder whose manifest carries its id.
     */
    static Path folderOf(TestbedStore store, TestbedSummary summary) {
        if (!summary.hash().isEmpty() && Files.isDirectory(store.root().resolve(summary.hash()))) {
            return store.root().resolve(summary.hash());
        }
        try (java.util.stream.Stream<Path> children = Files.list(store.root())) {
            for (Path folder : children.filter(Files::isDirectory).sorted().toList()) {
                Path manifest = folder.resolve(TestbedStore.MANIFEST);
                if (folder.getFileName().toString().equals(summary.id())) {
                    return folder;
                }
                try {
                    if (Files.isRegularFile(manifest) && JSON.readTree(manifest.toFile()).path("id").asText().equals(summary.id())) {
                        return folder;
                    }
                } catch (IOException unreadable) {
                    // not this one: an unreadable manifest's summary is named by its folder, matched above
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list testbeds in " + store.root(), e);
        }
        return store.root().resolve(summary.hash());
    }

    /** A manifest for listing: verified when the folder opens, otherwise its summary with the refusal. */
    static ObjectNode describe(Path folder, TestbedSummary summary) {
        try {
            ObjectNode manifest = (ObjectNode) Testbed.open(folder).manifest();
            manifest.remove("files");
            manifest.put("status", "ok");
            return manifest;
        } catch (CorruptTestbedException e) {
            ObjectNode node = JSON.createObjectNode();
            node.put("id", summary.id());
            node.put("hash", summary.hash());
            node.put("data", summary.data());
            node.put("model", summary.model());
            node.put("mask_seed", summary.maskSeed());
            node.put("status", "corrupt");
            node.put("error", e.getMessage());
            return node;
        }
    }

    static Gates gatesOf(JsonNode manifest) {
        JsonNode g = manifest.path("gates");
        return new Gates(g.path("forget_es_theta_o").asDouble(), g.path("forget_es_theta_r").asDouble(),
                g.path("retain_es_theta_o").asDouble(), g.path("retain_es_theta_r").asDouble());
    }

    static String describeGates(Gates g) {
        return String.format(Locale.ROOT, "forget ES theta_o %.3f, theta_r %.3f; retain ES theta_o %.3f, theta_r %.3f",
                g.forgetEsThetaO(), g.forgetEsThetaR(), g.retainEsThetaO(), g.retainEsThetaR());
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Exposed for the gate-failure message: the builder's exception already carries the numbers. */
    static String gateFailure(TestbedGateException e) {
        return e.getMessage() + " (" + describeGates(e.gates()) + ")";
    }

    /** The state folder from an option, else {@code LACUNA_HOME}, else {@code ~/.lacuna}. */
    static final class LacunaHome {
        private LacunaHome() {
        }

        static Path resolve(Path option) {
            if (option != null) {
                return option.toAbsolutePath().normalize();
            }
            String env = System.getenv("LACUNA_HOME");
            if (env != null && !env.isBlank()) {
                return Path.of(env).toAbsolutePath().normalize();
            }
            return Path.of(System.getProperty("user.home"), ".lacuna");
        }
    }

    private TestbedCommand() {
    }
}

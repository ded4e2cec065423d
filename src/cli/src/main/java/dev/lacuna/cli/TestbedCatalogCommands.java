package dev.lacuna.cli;

import dev.lacuna.engine.data.download.DataFetcher;
import dev.lacuna.engine.data.download.DownloadException;
import dev.lacuna.engine.testbed.CorruptTestbedException;
import dev.lacuna.engine.testbed.Testbed;
import dev.lacuna.engine.testbed.TestbedArchive;
import dev.lacuna.engine.testbed.TestbedSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lacuna testbed catalog} and {@code lacuna testbed fetch}: publishing exported testbeds in a
 * {@link TestbedCatalog} and importing a family's testbeds from one, so that results can be reproduced on the
 * very bytes they were measured on without a build of each mask seed.
 */
final class TestbedCatalogCommands {

    private TestbedCatalogCommands() {
    }

    /** The {@code --home} option of the commands that store testbeds, declared once. */
    static final class StoreHome {
        @Option(names = "--home", paramLabel = "DIR",
                description = "State folder; testbeds go to <home>/testbeds (default: $LACUNA_HOME or ~/.lacuna).")
        Path home;
    }

    @Command(name = "catalog", description = {
        "Write a testbed catalog (testbeds.json) listing exported archives: family, mask seed, hash, id, size, sha256 and url.",
        "Every archive is verified first. Each url is the archive's path relative to the catalog's folder, so the folder "
                + "can be hosted as it is; --not-hosted writes null instead."},
            mixinStandardHelpOptions = true)
    static final class Catalog implements java.util.concurrent.Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--out", paramLabel = "FILE", required = true, description = "The catalog to write (replaced if present).")
        Path out;

        @Option(names = "--not-hosted", description = "List the archives with url null (published hashes, no download).")
        boolean notHosted;

        @Parameters(index = "0..*", arity = "1..*", paramLabel = "ARCHIVE", description = "Archives written by 'testbed export'.")
        List<Path> archives = new ArrayList<>();

        @Override
        public Integer call() {
            Path catalogFile = out.toAbsolutePath().normalize();
            PrintWriter err = spec.commandLine().getErr();
            List<TestbedCatalog.Entry> entries = new ArrayList<>();
            for (Path archive : archives) {
                if (!Files.isRegularFile(archive)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "no such archive: " + archive);
                }
                TestbedSummary summary;
                try {
                    summary = TestbedArchive.verify(archive);
                } catch (CorruptTestbedException e) {
                    return TestbedCommand.failed(err, "archive " + archive + " is refused, no catalog was written: " + e.getMessage());
                }
                String url = notHosted ? null : catalogFile.getParent().relativize(archive.toAbsolutePath().normalize())
                        .toString().replace('\\', '/');
                entries.add(new TestbedCatalog.Entry(summary.data() + "/" + summary.model(), summary.maskSeed(), summary.hash(),
                        summary.id(), size(archive), DataFetcher.sha256(archive), url));
            }
            entries.sort(Comparator.comparing(TestbedCatalog.Entry::family).thenComparing(TestbedCatalog.Entry::maskSeed));
            try {
                Files.createDirectories(catalogFile.getParent());
                Files.writeString(catalogFile, TestbedCommand.write(new TestbedCatalog(catalogFile.toUri(), entries).toJson()) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + catalogFile, e);
            }
            err.println("wrote " + entries.size() + " testbed(s) to " + out);
            err.flush();
            return 0;
        }

        private static long size(Path file) {
            try {
                return Files.size(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
    }

    @Command(name = "fetch", description = {
        "Import the testbeds of one family (e.g. synthetic/tiny) that a testbed catalog lists, all mask seeds or the given ones.",
        "The catalog is --catalog, else $" + TestbedCatalog.SETTING + ". Testbeds already stored are skipped; each archive's "
                + "size and sha256 are checked against the catalog, then every hash as 'testbed import' does, and the "
                + "testbed's hash must be the catalog's."},
            mixinStandardHelpOptions = true)
    static final class Fetch implements java.util.concurrent.Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FAMILY", description = "data/model, e.g. synthetic/tiny.")
        String family;

        @Option(names = "--seed", paramLabel = "SEED", split = ",", converter = MaskSeedConverter.class,
                description = "Mask seed(s) to fetch, comma separated (default: every listed seed).")
        List<Long> seeds = new ArrayList<>();

        @Option(names = "--catalog", paramLabel = "URL|FILE", description = "The catalog (default: $" + TestbedCatalog.SETTING + ").")
        String catalog;

        @Mixin
        StoreHome store;

        @Override
        public Integer call() {
            String location = TestbedCatalog.configured(catalog).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                    "no testbed catalog is configured: pass --catalog URL|FILE or set " + TestbedCatalog.SETTING
                            + " (no hosted catalog exists yet; 'testbed catalog' writes one)"));
            PrintWriter err = spec.commandLine().getErr();
            TestbedCatalog read;
            try {
                read = TestbedCatalog.read(location);
            } catch (TestbedCatalog.CatalogException e) {
                return TestbedCommand.failed(err, e.getMessage());
            }
            List<TestbedCatalog.Entry> chosen = read.testbeds().stream().filter(e -> e.family().equals(family)
                    && (seeds.isEmpty() || seeds.contains(e.maskSeed()))).toList();
            TreeSet<Long> missing = new TreeSet<>(seeds);
            chosen.forEach(e -> missing.remove(e.maskSeed()));
            if (chosen.isEmpty() || !missing.isEmpty()) {
                TreeSet<String> listed = new TreeSet<>();
                read.testbeds().forEach(e -> listed.add(e.family() + " mask seed " + e.maskSeed()));
                return TestbedCommand.failed(err, "the catalog " + read.location() + " lists no " + family
                        + (missing.isEmpty() ? "" : " testbed of mask seed(s) " + missing) + "; it lists: "
                        + (listed.isEmpty() ? "nothing" : String.join(", ", listed)));
            }
            int failures = 0;
            for (TestbedCatalog.Entry entry : chosen) {
                Optional<Testbed> fetched = fetch(read.location(), entry, err);
                if (fetched.isEmpty()) {
                    failures++;
                } else {
                    spec.commandLine().getOut().println(fetched.get().id());
                    spec.commandLine().getOut().flush();
                }
            }
            return failures == 0 ? 0 : 1;
        }

        /** One listed testbed: found in the store, or downloaded, checked and imported; empty after a message. */
        private Optional<Testbed> fetch(URI catalogLocation, TestbedCatalog.Entry entry, PrintWriter err) {
            Path stored = TestbedCommand.storeRoot(store.home).resolve(entry.hash());
            if (Files.isDirectory(stored)) {
                try {
                    Testbed existing = Testbed.open(stored);
                    err.println(existing.id() + ": already stored (every hash verified)");
                    err.flush();
                    return Optional.of(existing);
                } catch (CorruptTestbedException damaged) {
                    err.println(entry.id() + ": the stored copy is damaged (" + damaged.getMessage() + "); fetching it again");
                    err.flush();
                }
            }
            Optional<URI> url = entry.archive(catalogLocation);
            if (url.isEmpty()) {
                TestbedCommand.failed(err, "testbed " + entry.id() + " (" + entry.family() + ", mask seed " + entry.maskSeed()
                        + ") is listed but not hosted; build it with 'lacuna testbed build --data "
                        + entry.family().replace("/", " --model ") + " --mask-seed " + entry.maskSeed()
                        + "' or import an archive you have with 'lacuna testbed import FILE|URL'");
                return Optional.empty();
            }
            boolean remote = ArchiveDownload.isUrl(url.get().toString());
            if (!remote && !"file".equals(url.get().getScheme())) {
                TestbedCommand.failed(err, entry.id() + ": its url " + url.get() + " is neither an http(s) URL nor a file");
                return Optional.empty();
            }
            Path archive;
            try {
                archive = remote ? ArchiveDownload.download(store.home, url.get()) : Path.of(url.get());
            } catch (DownloadException e) {
                TestbedCommand.failed(err, entry.id() + ": " + e.getMessage());
                return Optional.empty();
            }
            try {
                if (!Files.isRegularFile(archive)) {
                    TestbedCommand.failed(err, entry.id() + ": no such archive: " + archive);
                    return Optional.empty();
                }
                String mismatch = mismatch(archive, entry);
                if (mismatch != null) {
                    TestbedCommand.failed(err, "archive " + url.get() + " is refused, nothing was stored: " + mismatch);
                    return Optional.empty();
                }
                return TestbedCommand.importArchive(archive, url.get().toString(), entry.hash(), store.home, err);
            } finally {
                if (remote) {
                    ArchiveDownload.discard(archive);
                }
            }
        }

        /** How the archive differs from what the catalog lists for it, or null when size and sha256 agree. */
        private static String mismatch(Path archive, TestbedCatalog.Entry entry) {
            long size;
            try {
                size = Files.size(archive);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + archive, e);
            }
            String sha256 = DataFetcher.sha256(archive);
            if (size == entry.size() && sha256.equals(entry.sha256())) {
                return null;
            }
            return "it has " + size + " bytes and sha256 " + sha256 + ", the catalog lists " + entry.size() + " bytes and sha256 "
                    + entry.sha256();
        }
    }
}

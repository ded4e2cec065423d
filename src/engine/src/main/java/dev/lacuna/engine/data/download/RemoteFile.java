package dev.lacuna.engine.data.download;

import dev.lacuna.engine.data.DataSetKind;
import java.util.List;

/**
 * One file of a data set as published: where it lives and the sha256 it must have. The hashes are those
 * of the reference copies the benchmark was built and tested with; a re-uploaded upstream file fails
 * verification loudly instead of silently changing the benchmark.
 *
 * @param name   file name in the data set's folder of the data directory
 * @param source where it is downloaded from
 * @param path   path below the source's base URL
 * @param sha256 expected lower-case hex sha256
 */
public record RemoteFile(String name, DataSource source, String path, String sha256) {

    /** Every file {@code lacuna data fetch} downloads for a data set: its required files, extras and licences. */
    public static List<RemoteFile> of(DataSetKind kind) {
        return switch (kind) {
            case TOFU -> List.of(
                    huggingFace("full.json", "667baef2f26f781f1328701d8ea54bf25123ff22fb2d98574c96cd991cb54086"),
                    huggingFace("forget10.json", "0044c8c2e70a38be93f62ec6cb1c1cc2a1f55a8df2fb549a4da2da8dde9d92f6"),
                    huggingFace("retain90.json", "debcf019c41db7b30b62ca6ad41fd8a4bcd29a5b321c21d2961974e308dfca55"),
                    huggingFace("forget10_perturbed.json",
                            "6fbcb946c57ea1d7b2124cea0e61bf3b5409d1bc10d02368f090109450ed73c7"),
                    huggingFace("retain_perturbed.json",
                            "fc69f33bad70d3dca65920bdb54380039e3e8872dd16bbae20c1a839b99533fb"),
                    tofuGithub("real_authors_perturbed.json",
                            "a23255383ac75a5fbe5acd57622a03fb9c368954fd7b2428afa152b784d9533a"),
                    tofuGithub("world_facts_perturbed.json",
                            "0e171838040d0ec94b1ce248d891508e85e3b77344370077caa27b61898eb3e1"),
                    tofuGithub("idontknow.jsonl", "eb9a1e32a6f4112088306e1a65d297240f75513dd5223b2acb326454675fd605"),
                    new RemoteFile("LICENSE", DataSource.TOFU_GITHUB, "LICENSE",
                            "99acbb1397b8fc3ca7a9846ecbe09a018dbb490d45be321307c3df68df79b4d8"));
            case LUME -> List.of(
                    new RemoteFile("forget.jsonl", DataSource.LUME_GITHUB, "data/forget.jsonl",
                            "3a74f30223c35b173664dfea5b1c5939587f1eac868a9764891f30c2c317c381"),
                    new RemoteFile("retain.jsonl", DataSource.LUME_GITHUB, "data/retain.jsonl",
                            "ec8826a91d9fb9e5a50ba732549e8eff75fc99c2f67d6873d1ea36fd403a003d"),
                    new RemoteFile("LICENSE", DataSource.LUME_GITHUB, "LICENSE",
                            "09e8a9bcec8067104652c168685ab0931e7868f9c8284b66f5ae6edae5f1130b"),
                    new RemoteFile("NOTICE", DataSource.LUME_GITHUB, "NOTICE",
                            "d4290ed64c2edd0fce1d84e3f9dfb2881240fe534def76b8cd29ed6af683e287"));
            case SYNTHETIC -> throw new IllegalArgumentException(
                    "the synthetic data set is generated, there is nothing to download");
        };
    }

    private static RemoteFile huggingFace(String name, String sha256) {
        return new RemoteFile(name, DataSource.TOFU_HUGGING_FACE, name, sha256);
    }

    private static RemoteFile tofuGithub(String name, String sha256) {
        return new RemoteFile(name, DataSource.TOFU_GITHUB, "data/" + name, sha256);
    }
}

package dev.lacuna.engine.data.download;

import java.net.URI;

/**
 * A public place the data sets are downloaded from. The default base URLs pin a commit where the host
 * allows it; every base URL can be replaced (a mirror, or a local server in tests) as long as it keeps
 * the same layout below it.
 */
public enum DataSource {
    /** The official TOFU release on Hugging Face. */
    TOFU_HUGGING_FACE("tofu-hf", "https://huggingface.co/datasets/locuslab/TOFU/resolve/main/"),
    /** The official TOFU code repository, for files the Hugging Face release lacks. */
    TOFU_GITHUB("tofu-github",
            "https://raw.githubusercontent.com/locuslab/tofu/bdc209ea7c6cc2e7079ea1afb6468d3ddcc65f8e/"),
    /** The LUME repository. */
    LUME_GITHUB("lume-github",
            "https://raw.githubusercontent.com/amazon-science/lume-llm-unlearning/b2fa8f9c567715f1e2c6d442213f33b2e9a28fe6/");

    private final String id;
    private final URI defaultBaseUrl;

    DataSource(String id, String defaultBaseUrl) {
        this.id = id;
        this.defaultBaseUrl = URI.create(defaultBaseUrl);
    }

    /** Name used on the command line ({@code --base-url tofu-hf=URL}). */
    public String id() {
        return id;
    }

    public URI defaultBaseUrl() {
        return defaultBaseUrl;
    }

    public static DataSource fromId(String id) {
        for (DataSource source : values()) {
            if (source.id.equalsIgnoreCase(id)) {
                return source;
            }
        }
        throw new IllegalArgumentException("unknown download source '" + id + "': expected tofu-hf, tofu-github or lume-github");
    }
}

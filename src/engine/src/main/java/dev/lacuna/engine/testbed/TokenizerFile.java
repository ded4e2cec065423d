package dev.lacuna.engine.testbed;

/**
 * The serialized form of a testbed's tokenizer, stored next to the weights so that the testbed is
 * self-contained; the {@link dev.lacuna.engine.tokenizer.Tokenizer} interface itself does not serialize.
 *
 * @param fileName name within the testbed folder, for example {@code tokenizer.json}
 * @param bytes    exact contents
 */
public record TokenizerFile(String fileName, byte[] bytes) {

    public TokenizerFile {
        if (!fileName.matches("tokenizer[A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("tokenizer file name must start with 'tokenizer' and be a plain name: " + fileName);
        }
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }
}

package dev.lacuna.server.docs;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.node.Heading;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.AttributeProvider;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * The repository's {@code docs/*.md}, packaged with the server and rendered once at start-up: the docs on
 * the site are the docs in the repository, never a second copy that drifts. Links between docs files
 * become links between pages.
 */
@ApplicationScoped
public class DocsLibrary {

    /** Page names, in the order the index lists them; each is {@code docs/<name>.md}. */
    static final List<String> NAMES = List.of("README", "objective-protocol", "localizer-protocol", "metrics",
            "submitting", "sandbox", "testbeds", "data", "platform", "operations", "benchmarks");

    private static final Pattern DOC_LINK = Pattern.compile("^(?:\\./)?([A-Za-z0-9-]+)\\.md(#.*)?$");

    /** One rendered page. */
    public record Page(String name, String title, String html) {
    }

    private final Map<String, Page> pages;

    public DocsLibrary() {
        Parser parser = Parser.builder().extensions(List.of(TablesExtension.create())).build();
        Set<String> known = Set.copyOf(NAMES);
        HtmlRenderer renderer = HtmlRenderer.builder()
                .extensions(List.of(TablesExtension.create(), HeadingAnchorExtension.create()))
                .attributeProviderFactory(context -> linksBetweenPages(known))
                .escapeHtml(true)
                .build();
        Map<String, Page> rendered = new LinkedHashMap<>();
        for (String name : NAMES) {
            read(name).ifPresent(text -> {
                Node document = parser.parse(text);
                rendered.put(name, new Page(name, title(document, name), renderer.render(document)));
            });
        }
        pages = rendered;
    }

    public Optional<Page> page(String name) {
        return Optional.ofNullable(pages.get(name));
    }

    public List<Page> pages() {
        return new ArrayList<>(pages.values());
    }

    private static AttributeProvider linksBetweenPages(Set<String> known) {
        return (node, tagName, attributes) -> {
            if (node instanceof Link && attributes.containsKey("href")) {
                Matcher m = DOC_LINK.matcher(attributes.get("href"));
                if (m.matches() && known.contains(m.group(1))) {
                    attributes.put("href", "/docs/" + m.group(1) + (m.group(2) == null ? "" : m.group(2)));
                } else if (attributes.get("href").equals("result-schema.json")) {
                    attributes.put("href", "/api/result-schema.json");
                }
            }
        };
    }

    private static String title(Node document, String fallback) {
        for (Node node = document.getFirstChild(); node != null; node = node.getNext()) {
            if (node instanceof Heading heading && heading.getLevel() == 1) {
                StringBuilder out = new StringBuilder();
                for (Node part = heading.getFirstChild(); part != null; part = part.getNext()) {
                    if (part instanceof Text text) {
                        out.append(text.getLiteral());
                    }
                }
                if (out.length() > 0) {
                    return out.toString();
                }
            }
        }
        return fallback;
    }

    private static Optional<String> read(String name) {
        try (InputStream in = DocsLibrary.class.getResourceAsStream("/lacuna-docs/" + name + ".md")) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the packaged docs/" + name + ".md", e);
        }
    }
}

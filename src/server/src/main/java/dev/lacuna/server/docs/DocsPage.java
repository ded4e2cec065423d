package dev.lacuna.server.docs;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code /docs}: the protocol, metric and submitter documentation. */
@Path("/docs")
public class DocsPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<DocsLibrary.Page> pages);

        static native TemplateInstance page(DocsLibrary.Page page, List<DocsLibrary.Page> pages);
    }

    @Inject
    DocsLibrary library;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public TemplateInstance index() {
        return Templates.index(library.pages());
    }

    @GET
    @Path("{name}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public TemplateInstance page(@PathParam("name") String name) {
        String bare = name.endsWith(".md") ? name.substring(0, name.length() - 3) : name;
        DocsLibrary.Page page = library.page(bare)
                .orElseThrow(() -> new NotFoundException("no documentation page '" + name + "'"));
        return Templates.page(page, library.pages());
    }
}

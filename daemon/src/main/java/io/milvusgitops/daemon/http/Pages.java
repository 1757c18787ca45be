package io.milvusgitops.daemon.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pages people read, apart from how they are served: the server hands over the path and the query,
 * and gets a page or nothing (404). The page code knows no HTTP library.
 */
@FunctionalInterface
public interface Pages {

    /**
     * A page: the status code, the content type, the body, and the Content-Security-Policy the server sends
     * with it (the page knows which inline script and style it carries; nothing else may run).
     */
    record Page(int status, String contentType, String body, String securityPolicy) {
        public static Page html(String body, String securityPolicy) {
            return new Page(200, "text/html; charset=utf-8", body, securityPolicy);
        }
    }

    /** The page at {@code path} ({@code /}, {@code /targets/prod/search}), given the query's parameters; empty when there is none. */
    Optional<Page> render(String path, Map<String, List<String>> query);
}

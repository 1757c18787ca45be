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

    /** A page: the status code, the content type, the body. */
    record Page(int status, String contentType, String body) {
        public static Page html(String body) {
            return new Page(200, "text/html; charset=utf-8", body);
        }
    }

    /** The page at {@code path} ({@code /}, {@code /targets/prod/search}), given the query's parameters; empty when there is none. */
    Optional<Page> render(String path, Map<String, List<String>> query);
}

package io.milvusgitops.daemon.http;

import java.util.Map;

/**
 * An endpoint that takes a POST body (the webhook), apart from how it is served: the server reads the
 * request within its limits (time, size) and hands over the method, the headers and the body; the
 * endpoint answers with a status and a line of text. The endpoint knows no HTTP library.
 */
public interface PostEndpoint {

    /** A request read whole: {@code headers} with lower-case names, the first value of each. */
    record Request(String method, Map<String, String> headers, byte[] body) {
    }

    /** The answer: a status code and one line of plain text. */
    record Reply(int status, String text) {
    }

    Reply handle(Request request);

    /** The largest body the endpoint takes: a longer one is answered 413 before it is read whole. */
    int maxBody();
}

package org.btcpeer.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A JSON-RPC 1.0 client for one Core node over the JDK's {@link HttpClient}: basic auth, one POST
 * per call, Core's errors as {@link CoreRpcException} (code and message). Core answers errors with
 * HTTP 500 and a JSON body, so the body is read whatever the status.
 */
final class CoreRpc {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI uri;
    private final String authorization;
    private final AtomicLong ids = new AtomicLong();

    /**
     * @param port     the RPC port on 127.0.0.1
     * @param user     the RPC user
     * @param password the RPC password
     */
    CoreRpc(int port, String user, String password) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.uri = URI.create("http://127.0.0.1:" + port + "/");
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Calls a method.
     *
     * @param method the RPC method
     * @param params its positional parameters (strings, numbers, booleans, lists, JSON nodes)
     * @return the {@code result}
     * @throws CoreRpcException if Core answered an error
     * @throws UncheckedIOException if the node cannot be reached
     */
    JsonNode call(String method, Object... params) {
        ObjectNode request = JSON.createObjectNode();
        request.put("jsonrpc", "1.0");
        request.put("id", ids.incrementAndGet());
        request.put("method", method);
        ArrayNode array = request.putArray("params");
        for (Object p : params) {
            array.add(JSON.valueToTree(p));
        }
        HttpRequest http = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.toString()))
                .build();
        HttpResponse<String> response;
        try {
            response = this.http.send(http, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method, e);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CoreRpcException(method, response.statusCode(), "HTTP " + response.statusCode() + ": " + response.body());
        }
        if (body == null || !body.isObject()) {
            throw new CoreRpcException(method, response.statusCode(), "HTTP " + response.statusCode() + ": " + response.body());
        }
        JsonNode error = body.get("error");
        if (error != null && !error.isNull()) {
            throw new CoreRpcException(method, error.path("code").asInt(), error.path("message").asText());
        }
        return body.get("result");
    }
}

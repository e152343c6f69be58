package io.integrationsrealtime.examples;

import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.ErrorInfo;
import io.integrationsrealtime.server.spi.IntegrationFailure;
import java.util.List;
import java.util.Map;

/**
 * The demo's integrations, all in project {@value #PROJECT_ID}. The ids and the
 * {@code getUserTweets} endpoint are the ones of the protocol document, so its requests work here
 * verbatim.
 */
public final class DemoCatalog {

    public static final String PROJECT_ID = "6958511e8397f2dfa88090d8";
    /** A Twitter-like API: getUserTweets, searchTweets. */
    public static final String TWEETS_ID = "64b2c3d4e5f6789012345678";
    /** A Stripe-like API: listInvoices, getBalance; sends stripe.* webhooks. */
    public static final String PAYMENTS_ID = "64b2c3d4e5f6789012345679";
    /** A Slack-like API whose credentials were revoked: inactive, every call fails. */
    public static final String CHAT_ID = "64b2c3d4e5f678901234567a";

    private DemoCatalog() {
    }

    static List<DemoIntegration> integrations() {
        return List.of(
                new DemoIntegration(TWEETS_ID, "Twitter (demo)", true, Map.of(
                        "getUserTweets", DemoCatalog::userTweets,
                        "searchTweets", params -> Map.of(
                                "query", String.valueOf(params.getOrDefault("q", "")),
                                "tweets", List.of(tweet("1801", "demo", "Searching is fun")))),
                        List.of("twitter.tweet.created", "twitter.follow.created"), 900),
                new DemoIntegration(PAYMENTS_ID, "Stripe (demo)", true, Map.of(
                        "listInvoices", params -> Map.of("invoices", List.of(
                                Map.of("id", "in_1001", "amountDue", 4900, "currency", "usd", "status", "paid"),
                                Map.of("id", "in_1002", "amountDue", 1900, "currency", "usd", "status", "open"))),
                        "getBalance", params -> Map.of("available", List.of(Map.of("amount", 125_000, "currency", "usd")))),
                        List.of("stripe.invoice.paid", "stripe.customer.created", "stripe.charge.refunded"), 100),
                new DemoIntegration(CHAT_ID, "Slack (demo, credentials revoked)", false, Map.of(
                        "postMessage", params -> Map.of()),
                        List.of(), 50));
    }

    private static Map<String, Object> userTweets(Map<String, Object> params) {
        Object userId = params.get("userId");
        if (userId == null) {
            throw new IntegrationFailure(ErrorCode.INVALID_REQUEST, "params.userId is required");
        }
        if ("0".equals(String.valueOf(userId))) {
            // A 404 will not go away by retrying: say so.
            throw new IntegrationFailure(new ErrorInfo(ErrorCode.UPSTREAM_ERROR, "user 0 not found upstream", false, null,
                    Map.of("status", 404, "body", Map.of("title", "Not Found Error"))));
        }
        return Map.of("userId", String.valueOf(userId), "tweets", List.of(
                tweet("1790", userId, "Shipping a realtime integrations protocol today"),
                tweet("1791", userId, "Socket.IO rooms make activity feeds easy")));
    }

    private static Map<String, Object> tweet(String id, Object author, String text) {
        return Map.of("id", id, "authorId", String.valueOf(author), "text", text);
    }
}

package dev.parley.client;

import dev.parley.chat.ChatClientNode;
import dev.parley.chat.ChatError;
import dev.parley.chat.peer.PeerMessaging.SendResult;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** One clear line for each thing that can go wrong, for people (never a stack trace). */
public final class Describe {
    private Describe() {
    }

    /** Why a login failed. */
    public static String loginFailure(ChatError error, String server) {
        return switch (error) {
            case WRONG_PASSWORD -> "login failed: wrong username or password";
            case SERVER_KEY_MISMATCH -> "login failed: the server at " + server
                    + " does not hold the pinned server key (CH_SERVER_KEY_MISMATCH); not logging in";
            case POW_TOO_HARD -> "login failed: the server asks for more proof of work than this client allows";
            case TIMEOUT -> "login failed: no answer from a Parley server at " + server;
            case CLOSED -> "login failed: the server at " + server + " closed the connection";
            case RATE_LIMITED, BUSY -> "login failed: the server is busy or rate-limiting logins ("
                    + error.code() + "); try again later";
            default -> "login failed: " + error.code();
        };
    }

    /** Why a session ended. */
    public static String sessionEnded(ChatError error) {
        return switch (error) {
            case CLOSED -> "the server closed the session (server gone?)";
            case SESSION_REPLACED -> "the session was replaced by a newer login of the same user";
            case TIMEOUT -> "the session timed out";
            default -> "the session ended: " + error.code();
        };
    }

    /** One recipient's outcome. */
    public static String sendResult(SendResult r) {
        String detail = r.detail() == null || r.detail().isBlank() ? "" : " (" + r.detail() + ")";
        return switch (r.outcome()) {
            case DELIVERED -> "delivered to " + r.recipient();
            case OFFLINE -> "not delivered: " + r.recipient() + " is not online";
            case KEY_CHANGED -> "not sent: " + r.recipient() + "'s key has changed; nothing was sent" + detail;
            case FAILED -> "not delivered to " + r.recipient() + detail;
        };
    }

    /** A failed request: the message of what failed, whatever wrapped it. */
    public static String failure(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ChatClientNode.RequestFailed f) {
            return f.getMessage();
        }
        if (cause instanceof ChatClient.MessagingUnavailable || cause instanceof ChatClient.BadRequest) {
            return cause.getMessage();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    /** The canonical code of a failure for the JSON adapter. */
    public static String code(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ChatClientNode.RequestFailed f) {
            return f.error().code();
        }
        if (cause instanceof ChatClient.MessagingUnavailable) {
            return "UNSUPPORTED_OP";
        }
        if (cause instanceof ChatClient.BadRequest) {
            return "USAGE";
        }
        return "INTERNAL";
    }
}

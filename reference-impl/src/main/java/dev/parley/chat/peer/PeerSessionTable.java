package dev.parley.chat.peer;

import dev.parley.chat.StateTable;
import java.util.List;
import java.util.Map;

/** The peer session's one transition table: spec/state-machines/peer-messaging.yaml, row for row [PM-SM-2]. */
public final class PeerSessionTable {
    public enum State { START, CONNECTING, AWAIT_RECEIPT, AWAIT_OPEN, VERIFYING, OPEN, CLOSED }

    public enum Input {
        SEND("user"),
        CLOSE("user"),
        ACCEPTED("report"),
        CONNECTED("report"),
        KEY_FOUND("report"),
        KEY_MISSING("report"),
        CONNECTION_CLOSED("report"),
        RCV_OPEN("message"),
        RCV_MESSAGE("message"),
        RCV_ERROR("message"),
        RCV_MALFORMED("message"),
        CONNECT_TIMER("timer"),
        OPEN_TIMER("timer"),
        RECEIPT_TIMER("timer"),
        IDLE_TIMER("timer");

        public final String kind;

        Input(String kind) {
            this.kind = kind;
        }
    }

    public enum Guard { QUEUE_FULL, NEEDS_REKEY, OPEN_CHECK_FAILS, KEY_CHANGED, VERIFY_FAILS, NOT_THE_RECEIPT, RECORD_BAD_LAST, RECORD_BAD }

    public enum Output {
        CONNECT, ARM_CONNECT_TIMER, QUEUE, FAIL_SEND, SEND_OPEN, ARM_RECEIPT_TIMER, ARM_OPEN_TIMER, LOOKUP_SENDER, ALARM, DELIVER, SEND_RECEIPT, ARM_IDLE_TIMER, COMPLETE, SEND_QUEUED, SEND_KEY_UPDATE, SEND_MESSAGE, PROCESS, DROP, SEND_ERROR, FAIL_PENDING, CLOSE, ABORT, REJECT, IGNORE
    }

    private PeerSessionTable() {
    }

    private static StateTable.Row<State, Input, Guard, Output> rule(String req, Output o) {
        return new StateTable.Row<>(null, null, null, null, List.of(o), req);
    }

    public static final StateTable<State, Input, Guard, Output> TABLE = build();

    private static StateTable<State, Input, Guard, Output> build() {
        StateTable<State, Input, Guard, Output> t = new StateTable<>(i -> i.kind, Map.of(
                "message", rule("PM-RCV-5", Output.DROP), "user", rule("PM-SM-2", Output.REJECT),
                "timer", rule("PM-SM-2", Output.IGNORE), "report", rule("PM-SM-2", Output.IGNORE)));
        t.row(State.START, Input.SEND, null, State.CONNECTING, "PM-CONN-1", Output.QUEUE, Output.CONNECT, Output.ARM_CONNECT_TIMER);
        t.row(State.START, Input.ACCEPTED, null, State.AWAIT_OPEN, "PM-CONN-4", Output.ARM_OPEN_TIMER);
        t.row(State.CONNECTING, Input.SEND, Guard.QUEUE_FULL, State.CONNECTING, "PM-BOUND-1", Output.FAIL_SEND);
        t.row(State.CONNECTING, Input.SEND, null, State.CONNECTING, "PM-OPEN-1", Output.QUEUE);
        t.row(State.CONNECTING, Input.CONNECTED, null, State.AWAIT_RECEIPT, "PM-KEX-1", Output.SEND_OPEN, Output.ARM_RECEIPT_TIMER);
        t.row(State.CONNECTING, Input.CONNECT_TIMER, null, State.CLOSED, "PM-CONN-3", Output.FAIL_PENDING, Output.ABORT);
        t.row(State.CONNECTING, Input.CONNECTION_CLOSED, null, State.CLOSED, "PM-CONN-3", Output.FAIL_PENDING);
        t.row(State.CONNECTING, Input.CLOSE, null, State.CLOSED, "PM-CONN-2", Output.FAIL_PENDING, Output.ABORT);
        t.row(State.AWAIT_RECEIPT, Input.SEND, Guard.QUEUE_FULL, State.AWAIT_RECEIPT, "PM-BOUND-1", Output.FAIL_SEND);
        t.row(State.AWAIT_RECEIPT, Input.SEND, null, State.AWAIT_RECEIPT, "PM-OPEN-1", Output.QUEUE);
        t.row(State.AWAIT_RECEIPT, Input.RCV_MESSAGE, Guard.NOT_THE_RECEIPT, State.CLOSED, "PM-RCV-6", Output.SEND_ERROR, Output.FAIL_PENDING, Output.CLOSE);
        t.row(State.AWAIT_RECEIPT, Input.RCV_MESSAGE, null, State.OPEN, "PM-RCPT-2", Output.COMPLETE, Output.SEND_QUEUED, Output.ARM_IDLE_TIMER);
        t.row(State.AWAIT_RECEIPT, Input.RCV_OPEN, null, State.CLOSED, "PM-RCV-6", Output.SEND_ERROR, Output.FAIL_PENDING, Output.CLOSE);
        t.row(State.AWAIT_RECEIPT, Input.RCV_MALFORMED, null, State.CLOSED, "PM-RCV-2", Output.SEND_ERROR, Output.FAIL_PENDING, Output.CLOSE);
        t.row(State.AWAIT_RECEIPT, Input.RCV_ERROR, null, State.CLOSED, "PM-ERR-1", Output.FAIL_PENDING, Output.CLOSE);
        t.row(State.AWAIT_RECEIPT, Input.RECEIPT_TIMER, null, State.CLOSED, "PM-CONN-5", Output.FAIL_PENDING, Output.ABORT);
        t.row(State.AWAIT_RECEIPT, Input.CONNECTION_CLOSED, null, State.CLOSED, "PM-CONN-2", Output.FAIL_PENDING);
        t.row(State.AWAIT_RECEIPT, Input.CLOSE, null, State.CLOSED, "PM-CONN-2", Output.FAIL_PENDING, Output.CLOSE);
        t.row(State.AWAIT_OPEN, Input.RCV_OPEN, Guard.OPEN_CHECK_FAILS, State.CLOSED, "PM-OPEN-2", Output.SEND_ERROR, Output.CLOSE);
        t.row(State.AWAIT_OPEN, Input.RCV_OPEN, null, State.VERIFYING, "PM-PIN-3", Output.LOOKUP_SENDER);
        t.row(State.AWAIT_OPEN, Input.RCV_MESSAGE, null, State.CLOSED, "PM-RCV-2", Output.SEND_ERROR, Output.CLOSE);
        t.row(State.AWAIT_OPEN, Input.RCV_MALFORMED, null, State.CLOSED, "PM-RCV-2", Output.SEND_ERROR, Output.CLOSE);
        t.row(State.AWAIT_OPEN, Input.RCV_ERROR, null, State.CLOSED, "PM-ERR-1", Output.CLOSE);
        t.row(State.AWAIT_OPEN, Input.OPEN_TIMER, null, State.CLOSED, "PM-CONN-4", Output.SEND_ERROR, Output.CLOSE);
        t.row(State.AWAIT_OPEN, Input.CONNECTION_CLOSED, null, State.CLOSED, "PM-CONN-2", Output.FAIL_PENDING);
        t.row(State.AWAIT_OPEN, Input.CLOSE, null, State.CLOSED, "PM-CONN-2", Output.CLOSE);
        t.row(State.VERIFYING, Input.KEY_FOUND, Guard.KEY_CHANGED, State.CLOSED, "PM-PIN-2", Output.ALARM, Output.SEND_ERROR, Output.CLOSE);
        t.row(State.VERIFYING, Input.KEY_FOUND, Guard.VERIFY_FAILS, State.CLOSED, "PM-OPEN-5", Output.SEND_ERROR, Output.CLOSE);
        t.row(State.VERIFYING, Input.KEY_FOUND, null, State.OPEN, "PM-OPEN-6", Output.DELIVER, Output.SEND_RECEIPT, Output.ARM_IDLE_TIMER);
        t.row(State.VERIFYING, Input.KEY_MISSING, null, State.CLOSED, "PM-PIN-3", Output.SEND_ERROR, Output.CLOSE);
        t.row(State.VERIFYING, Input.RCV_OPEN, null, State.CLOSED, "PM-OPEN-1", Output.SEND_ERROR, Output.CLOSE);
        t.row(State.VERIFYING, Input.RCV_MESSAGE, null, State.CLOSED, "PM-OPEN-1", Output.SEND_ERROR, Output.CLOSE);
        t.row(State.VERIFYING, Input.RCV_MALFORMED, null, State.CLOSED, "PM-RCV-2", Output.SEND_ERROR, Output.CLOSE);
        t.row(State.VERIFYING, Input.RCV_ERROR, null, State.CLOSED, "PM-ERR-1", Output.CLOSE);
        t.row(State.VERIFYING, Input.OPEN_TIMER, null, State.CLOSED, "PM-CONN-4", Output.SEND_ERROR, Output.CLOSE);
        t.row(State.VERIFYING, Input.CONNECTION_CLOSED, null, State.CLOSED, "PM-CONN-2", Output.FAIL_PENDING);
        t.row(State.VERIFYING, Input.CLOSE, null, State.CLOSED, "PM-CONN-2", Output.CLOSE);
        t.row(State.OPEN, Input.SEND, Guard.QUEUE_FULL, State.OPEN, "PM-BOUND-1", Output.FAIL_SEND);
        t.row(State.OPEN, Input.SEND, Guard.NEEDS_REKEY, State.OPEN, "PM-REKEY-1", Output.SEND_KEY_UPDATE, Output.SEND_MESSAGE);
        t.row(State.OPEN, Input.SEND, null, State.OPEN, "PM-CONN-1", Output.SEND_MESSAGE);
        t.row(State.OPEN, Input.RCV_MESSAGE, Guard.RECORD_BAD_LAST, State.CLOSED, "PM-RCV-5", Output.SEND_ERROR, Output.FAIL_PENDING, Output.CLOSE);
        t.row(State.OPEN, Input.RCV_MESSAGE, Guard.RECORD_BAD, State.OPEN, "PM-RCV-5", Output.DROP);
        t.row(State.OPEN, Input.RCV_MESSAGE, null, State.OPEN, "PM-RCV-4", Output.PROCESS);
        t.row(State.OPEN, Input.RCV_OPEN, Guard.RECORD_BAD_LAST, State.CLOSED, "PM-RCV-5", Output.SEND_ERROR, Output.FAIL_PENDING, Output.CLOSE);
        t.row(State.OPEN, Input.RCV_OPEN, null, State.OPEN, "PM-RCV-5", Output.DROP);
        t.row(State.OPEN, Input.RCV_MALFORMED, Guard.RECORD_BAD_LAST, State.CLOSED, "PM-RCV-5", Output.SEND_ERROR, Output.FAIL_PENDING, Output.CLOSE);
        t.row(State.OPEN, Input.RCV_MALFORMED, null, State.OPEN, "PM-RCV-2", Output.DROP);
        t.row(State.OPEN, Input.RCV_ERROR, null, State.CLOSED, "PM-ERR-1", Output.FAIL_PENDING, Output.CLOSE);
        t.row(State.OPEN, Input.RECEIPT_TIMER, null, State.CLOSED, "PM-CONN-5", Output.FAIL_PENDING, Output.ABORT);
        t.row(State.OPEN, Input.IDLE_TIMER, null, State.CLOSED, "PM-EXP-1", Output.CLOSE);
        t.row(State.OPEN, Input.CONNECTION_CLOSED, null, State.CLOSED, "PM-CONN-2", Output.FAIL_PENDING);
        t.row(State.OPEN, Input.CLOSE, null, State.CLOSED, "PM-CONN-2", Output.FAIL_PENDING, Output.CLOSE);
        return t;
    }
}

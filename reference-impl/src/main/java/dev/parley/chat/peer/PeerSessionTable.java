package dev.parley.chat.peer;

import dev.parley.chat.StateTable;
import java.util.List;
import java.util.Map;

/** The peer session's one transition table: spec/state-machines/peer-messaging.yaml, row for row [PM-SM-2]. */
public final class PeerSessionTable {
    public enum State { START, CONNECTING, AWAIT_RECEIPT, AWAIT_OPEN, VERIFYING, OPEN, CLOSED }

    public enum Input {
        SEND("user"), CLOSE("user"), ACCEPTED("report"), CONNECTED("report"), KEY_FOUND("report"),
        KEY_MISSING("report"), CONNECTION_CLOSED("report"), RCV_OPEN("message"), RCV_MESSAGE("message"),
        RCV_ERROR("message"), RCV_MALFORMED("message"), CONNECT_TIMER("timer"), OPEN_TIMER("timer"),
        RECEIPT_TIMER("timer"), IDLE_TIMER("timer");

        public final String kind;

        Input(String kind) {
            this.kind = kind;
        }
    }

    public enum Guard {
        QUEUE_FULL, NEEDS_REKEY, OPEN_CHECK_FAILS, KEY_CHANGED, VERIFY_FAILS, NOT_THE_RECEIPT, RECORD_BAD_LAST,
        RECORD_BAD
    }

    public enum Output {
        CONNECT, ARM_CONNECT_TIMER, QUEUE, FAIL_SEND, SEND_OPEN, ARM_RECEIPT_TIMER, ARM_OPEN_TIMER, LOOKUP_SENDER,
        ALARM, DELIVER, SEND_RECEIPT, ARM_IDLE_TIMER, COMPLETE, SEND_QUEUED, SEND_KEY_UPDATE, SEND_MESSAGE, PROCESS,
        DROP, SEND_ERROR, FAIL_PENDING, CLOSE, ABORT, REJECT, IGNORE
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
        State ST = State.START, CN = State.CONNECTING, AR = State.AWAIT_RECEIPT, AO = State.AWAIT_OPEN,
                VF = State.VERIFYING, OP = State.OPEN, CL = State.CLOSED;
        t.row(ST, Input.SEND, null, CN, "PM-CONN-1", Output.QUEUE, Output.CONNECT, Output.ARM_CONNECT_TIMER);
        t.row(ST, Input.ACCEPTED, null, AO, "PM-CONN-4", Output.ARM_OPEN_TIMER);
        t.row(CN, Input.SEND, Guard.QUEUE_FULL, CN, "PM-BOUND-1", Output.FAIL_SEND);
        t.row(CN, Input.SEND, null, CN, "PM-OPEN-1", Output.QUEUE);
        t.row(CN, Input.CONNECTED, null, AR, "PM-KEX-1", Output.SEND_OPEN, Output.ARM_RECEIPT_TIMER);
        t.row(CN, Input.CONNECT_TIMER, null, CL, "PM-CONN-3", Output.FAIL_PENDING, Output.ABORT);
        t.row(CN, Input.CONNECTION_CLOSED, null, CL, "PM-CONN-3", Output.FAIL_PENDING);
        t.row(CN, Input.CLOSE, null, CL, "PM-CONN-2", Output.FAIL_PENDING, Output.ABORT);
        t.row(AR, Input.SEND, Guard.QUEUE_FULL, AR, "PM-BOUND-1", Output.FAIL_SEND);
        t.row(AR, Input.SEND, null, AR, "PM-OPEN-1", Output.QUEUE);
        t.row(AR, Input.RCV_MESSAGE, Guard.NOT_THE_RECEIPT, CL, "PM-RCV-6",
                Output.SEND_ERROR, Output.FAIL_PENDING, Output.CLOSE);
        t.row(AR, Input.RCV_MESSAGE, null, OP, "PM-RCPT-2", Output.COMPLETE, Output.SEND_QUEUED, Output.ARM_IDLE_TIMER);
        t.row(AR, Input.RCV_OPEN, null, CL, "PM-RCV-6", Output.SEND_ERROR, Output.FAIL_PENDING, Output.CLOSE);
        t.row(AR, Input.RCV_MALFORMED, null, CL, "PM-RCV-2", Output.SEND_ERROR, Output.FAIL_PENDING, Output.CLOSE);
        t.row(AR, Input.RCV_ERROR, null, CL, "PM-ERR-1", Output.FAIL_PENDING, Output.CLOSE);
        t.row(AR, Input.RECEIPT_TIMER, null, CL, "PM-CONN-5", Output.FAIL_PENDING, Output.ABORT);
        t.row(AR, Input.CONNECTION_CLOSED, null, CL, "PM-CONN-2", Output.FAIL_PENDING);
        t.row(AR, Input.CLOSE, null, CL, "PM-CONN-2", Output.FAIL_PENDING, Output.CLOSE);
        t.row(AO, Input.RCV_OPEN, Guard.OPEN_CHECK_FAILS, CL, "PM-OPEN-2", Output.SEND_ERROR, Output.CLOSE);
        t.row(AO, Input.RCV_OPEN, null, VF, "PM-PIN-3", Output.LOOKUP_SENDER);
        t.row(AO, Input.RCV_MESSAGE, null, CL, "PM-RCV-2", Output.SEND_ERROR, Output.CLOSE);
        t.row(AO, Input.RCV_MALFORMED, null, CL, "PM-RCV-2", Output.SEND_ERROR, Output.CLOSE);
        t.row(AO, Input.RCV_ERROR, null, CL, "PM-ERR-1", Output.CLOSE);
        t.row(AO, Input.OPEN_TIMER, null, CL, "PM-CONN-4", Output.SEND_ERROR, Output.CLOSE);
        t.row(AO, Input.CONNECTION_CLOSED, null, CL, "PM-CONN-2", Output.FAIL_PENDING);
        t.row(AO, Input.CLOSE, null, CL, "PM-CONN-2", Output.CLOSE);
        t.row(VF, Input.KEY_FOUND, Guard.KEY_CHANGED, CL, "PM-PIN-2", Output.ALARM, Output.SEND_ERROR, Output.CLOSE);
        t.row(VF, Input.KEY_FOUND, Guard.VERIFY_FAILS, CL, "PM-OPEN-5", Output.SEND_ERROR, Output.CLOSE);
        t.row(VF, Input.KEY_FOUND, null, OP, "PM-OPEN-6", Output.DELIVER, Output.SEND_RECEIPT, Output.ARM_IDLE_TIMER);
        t.row(VF, Input.KEY_MISSING, null, CL, "PM-PIN-3", Output.SEND_ERROR, Output.CLOSE);
        t.row(VF, Input.RCV_OPEN, null, CL, "PM-OPEN-1", Output.SEND_ERROR, Output.CLOSE);
        t.row(VF, Input.RCV_MESSAGE, null, CL, "PM-OPEN-1", Output.SEND_ERROR, Output.CLOSE);
        t.row(VF, Input.RCV_MALFORMED, null, CL, "PM-RCV-2", Output.SEND_ERROR, Output.CLOSE);
        t.row(VF, Input.RCV_ERROR, null, CL, "PM-ERR-1", Output.CLOSE);
        t.row(VF, Input.OPEN_TIMER, null, CL, "PM-CONN-4", Output.SEND_ERROR, Output.CLOSE);
        t.row(VF, Input.CONNECTION_CLOSED, null, CL, "PM-CONN-2", Output.FAIL_PENDING);
        t.row(VF, Input.CLOSE, null, CL, "PM-CONN-2", Output.CLOSE);
        t.row(OP, Input.SEND, Guard.QUEUE_FULL, OP, "PM-BOUND-1", Output.FAIL_SEND);
        t.row(OP, Input.SEND, Guard.NEEDS_REKEY, OP, "PM-REKEY-1", Output.SEND_KEY_UPDATE, Output.SEND_MESSAGE);
        t.row(OP, Input.SEND, null, OP, "PM-CONN-1", Output.SEND_MESSAGE);
        t.row(OP, Input.RCV_MESSAGE, Guard.RECORD_BAD_LAST, CL, "PM-RCV-5",
                Output.SEND_ERROR, Output.FAIL_PENDING, Output.CLOSE);
        t.row(OP, Input.RCV_MESSAGE, Guard.RECORD_BAD, OP, "PM-RCV-5", Output.DROP);
        t.row(OP, Input.RCV_MESSAGE, null, OP, "PM-RCV-4", Output.PROCESS);
        t.row(OP, Input.RCV_OPEN, Guard.RECORD_BAD_LAST, CL, "PM-RCV-5",
                Output.SEND_ERROR, Output.FAIL_PENDING, Output.CLOSE);
        t.row(OP, Input.RCV_OPEN, null, OP, "PM-RCV-5", Output.DROP);
        t.row(OP, Input.RCV_MALFORMED, Guard.RECORD_BAD_LAST, CL, "PM-RCV-5",
                Output.SEND_ERROR, Output.FAIL_PENDING, Output.CLOSE);
        t.row(OP, Input.RCV_MALFORMED, null, OP, "PM-RCV-2", Output.DROP);
        t.row(OP, Input.RCV_ERROR, null, CL, "PM-ERR-1", Output.FAIL_PENDING, Output.CLOSE);
        t.row(OP, Input.RECEIPT_TIMER, null, CL, "PM-CONN-5", Output.FAIL_PENDING, Output.ABORT);
        t.row(OP, Input.IDLE_TIMER, null, CL, "PM-EXP-1", Output.CLOSE);
        t.row(OP, Input.CONNECTION_CLOSED, null, CL, "PM-CONN-2", Output.FAIL_PENDING);
        t.row(OP, Input.CLOSE, null, CL, "PM-CONN-2", Output.FAIL_PENDING, Output.CLOSE);
        return t;
    }
}

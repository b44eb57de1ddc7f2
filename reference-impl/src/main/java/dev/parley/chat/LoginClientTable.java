package dev.parley.chat;

import java.util.List;
import java.util.Map;

/** The client's one transition table: spec/state-machines/login-client.yaml [CH-SM-2]. */
public final class LoginClientTable {
    public enum State { START, AWAIT_CHALLENGE, AWAIT_ENVELOPE, AWAIT_WELCOME, ESTABLISHED, CLOSED }

    public enum Input {
        BEGIN("user"), REQUEST("user"), LOGOUT("user"), RCV_CHALLENGE("message"), RCV_ENVELOPE("message"),
        RCV_WELCOME("message"), RCV_RECORD("message"), RCV_ERROR("message"), RCV_UNEXPECTED("message"),
        RCV_MALFORMED("message"), LOGIN_TIMER("timer"), HEARTBEAT_TIMER("timer"), CONNECTION_CLOSED("report");

        public final String kind;

        Input(String kind) {
            this.kind = kind;
        }
    }

    public enum Guard { KEY_MISMATCH, TOO_HARD, SEAL_FAILS, BODY_MALFORMED, ENVELOPE_FAILS, RECORD_BAD }

    public enum Output {
        SEND_HELLO, ARM_LOGIN_TIMER, SEND_LOGIN_REQUEST, SEND_PROOF, NOTIFY_ESTABLISHED, ARM_HEARTBEAT, SEND_REQUEST,
        SEND_HEARTBEAT, SEND_LOGOUT, DELIVER, FAIL, CLOSE, NOTIFY_ENDED, DROP, REJECT, IGNORE
    }

    private LoginClientTable() {
    }

    private static StateTable.Row<State, Input, Guard, Output> rule(String req, Output o) {
        return new StateTable.Row<>(null, null, null, null, List.of(o), req);
    }

    public static final StateTable<State, Input, Guard, Output> TABLE = build();

    private static StateTable<State, Input, Guard, Output> build() {
        StateTable<State, Input, Guard, Output> t = new StateTable<>(i -> i.kind, Map.of(
                "message", rule("CH-REC-1", Output.DROP), "user", rule("CH-SM-2", Output.REJECT),
                "timer", rule("CH-SM-2", Output.IGNORE), "report", rule("CH-SM-2", Output.IGNORE)));
        State S = State.START, AC = State.AWAIT_CHALLENGE, AE = State.AWAIT_ENVELOPE, AW = State.AWAIT_WELCOME,
                E = State.ESTABLISHED, C = State.CLOSED;
        t.row(S, Input.BEGIN, null, AC, "CH-HELLO-2", Output.SEND_HELLO, Output.ARM_LOGIN_TIMER);
        t.row(AC, Input.RCV_CHALLENGE, Guard.KEY_MISMATCH, C, "CH-PIN-2", Output.FAIL);
        t.row(AC, Input.RCV_CHALLENGE, Guard.TOO_HARD, C, "CH-POW-3", Output.FAIL);
        t.row(AC, Input.RCV_CHALLENGE, null, AE, "CH-KEX-1", Output.SEND_LOGIN_REQUEST);
        t.row(AE, Input.RCV_ENVELOPE, Guard.SEAL_FAILS, C, "CH-PIN-3", Output.FAIL);
        t.row(AE, Input.RCV_ENVELOPE, Guard.BODY_MALFORMED, C, "CH-ENV-3", Output.FAIL);
        t.row(AE, Input.RCV_ENVELOPE, Guard.ENVELOPE_FAILS, C, "CH-ENV-4", Output.FAIL);
        t.row(AE, Input.RCV_ENVELOPE, null, AW, "CH-POP-1", Output.SEND_PROOF);
        t.row(AW, Input.RCV_WELCOME, Guard.SEAL_FAILS, C, "CH-PIN-3", Output.FAIL);
        t.row(AW, Input.RCV_WELCOME, Guard.BODY_MALFORMED, C, "CH-MSG-3", Output.FAIL);
        t.row(AW, Input.RCV_WELCOME, null, E, "CH-CLI-2", Output.NOTIFY_ESTABLISHED, Output.ARM_HEARTBEAT);
        for (Object[] r : new Object[][] {{Input.RCV_ERROR, "CH-ERR-1"}, {Input.RCV_UNEXPECTED, "CH-MSG-3"},
                {Input.RCV_MALFORMED, "CH-MSG-3"}, {Input.LOGIN_TIMER, "CH-CLI-1"}, {Input.CONNECTION_CLOSED, "CH-CLI-1"}}) {
            for (State s : new State[] {AC, AE, AW}) {
                t.row(s, (Input) r[0], null, C, (String) r[1], Output.FAIL);
            }
        }
        for (State s : new State[] {AC, AE, AW}) {
            t.row(s, Input.LOGOUT, null, C, "CH-OUT-1", Output.CLOSE);
        }
        t.row(E, Input.RCV_RECORD, Guard.RECORD_BAD, E, "CH-SEQ-2", Output.DROP);
        t.row(E, Input.RCV_RECORD, null, E, "CH-REQ-5", Output.DELIVER);
        t.row(E, Input.REQUEST, null, E, "CH-REQ-1", Output.SEND_REQUEST);
        t.row(E, Input.HEARTBEAT_TIMER, null, E, "CH-PRES-2", Output.SEND_HEARTBEAT);
        t.row(E, Input.LOGOUT, null, C, "CH-OUT-1", Output.SEND_LOGOUT, Output.CLOSE);
        t.row(E, Input.CONNECTION_CLOSED, null, C, "CH-PRES-5", Output.NOTIFY_ENDED);
        return t;
    }
}

package dev.parley.chat;

import java.util.List;
import java.util.Map;

/** The server's one transition table per connection: spec/state-machines/login-server.yaml [CH-SM-2]. */
public final class LoginServerTable {
    public enum State { OPEN, AWAIT_PROOF, ESTABLISHED, CLOSED }

    public enum Input {
        RCV_HELLO("message"), RCV_LOGIN_REQUEST("message"), RCV_PROOF("message"), RCV_RECORD("message"),
        RCV_UNEXPECTED("message"), RCV_MALFORMED("message"), LOGIN_TIMER("timer"), EXPIRY_TIMER("timer"),
        REPLACED("event"), CONNECTION_CLOSED("report");

        public final String kind;

        Input(String kind) {
            this.kind = kind;
        }
    }

    public enum Guard { TOO_MANY_HELLOS, CHECK_FAILS, PROOF_FAILS, RECORD_BAD_LAST, RECORD_BAD, IS_LOGOUT }

    public enum Output {
        SEND_CHALLENGE, SEND_ERROR, ACCEPT_REQUEST, ACCEPT_PROOF, ANSWER, ACK_LOGOUT, SEND_REPLACED, UNREGISTER, CLOSE,
        RELEASE, DROP, IGNORE
    }

    private LoginServerTable() {
    }

    private static StateTable.Row<State, Input, Guard, Output> rule(String req, Output o) {
        return new StateTable.Row<>(null, null, null, null, List.of(o), req);
    }

    public static final StateTable<State, Input, Guard, Output> TABLE = build();

    private static StateTable<State, Input, Guard, Output> build() {
        StateTable<State, Input, Guard, Output> t = new StateTable<>(i -> i.kind, Map.of(
                "message", rule("CH-REC-1", Output.DROP), "timer", rule("CH-SM-2", Output.IGNORE),
                "event", rule("CH-SM-2", Output.IGNORE), "report", rule("CH-SM-2", Output.IGNORE)));
        State O = State.OPEN, P = State.AWAIT_PROOF, E = State.ESTABLISHED, C = State.CLOSED;
        Output err = Output.SEND_ERROR, close = Output.CLOSE;
        t.row(O, Input.RCV_HELLO, Guard.TOO_MANY_HELLOS, C, "CH-HELLO-4", err, close);
        t.row(O, Input.RCV_HELLO, null, O, "CH-COOKIE-3", Output.SEND_CHALLENGE);
        t.row(O, Input.RCV_LOGIN_REQUEST, Guard.CHECK_FAILS, C, "CH-LOGIN-1", err, close);
        t.row(O, Input.RCV_LOGIN_REQUEST, null, P, "CH-LOGIN-2", Output.ACCEPT_REQUEST);
        t.row(O, Input.RCV_PROOF, null, C, "CH-MSG-3", err, close);
        t.row(O, Input.RCV_RECORD, null, C, "CH-MSG-3", err, close);
        t.row(O, Input.RCV_UNEXPECTED, null, C, "CH-MSG-3", err, close);
        t.row(O, Input.RCV_MALFORMED, null, C, "CH-MSG-4", err, close);
        t.row(O, Input.CONNECTION_CLOSED, null, C, "CH-COST-1", Output.RELEASE);
        t.row(P, Input.RCV_PROOF, Guard.PROOF_FAILS, C, "CH-POP-2", err, close);
        t.row(P, Input.RCV_PROOF, null, E, "CH-LOGIN-3", Output.ACCEPT_PROOF);
        t.row(P, Input.RCV_HELLO, null, C, "CH-MSG-3", err, close);
        t.row(P, Input.RCV_LOGIN_REQUEST, null, C, "CH-MSG-3", err, close);
        t.row(P, Input.RCV_RECORD, null, C, "CH-MSG-3", err, close);
        t.row(P, Input.RCV_UNEXPECTED, null, C, "CH-MSG-3", err, close);
        t.row(P, Input.RCV_MALFORMED, null, C, "CH-MSG-4", err, close);
        t.row(P, Input.LOGIN_TIMER, null, C, "CH-LOGIN-4", err, close);
        t.row(P, Input.CONNECTION_CLOSED, null, C, "CH-LOGIN-4", Output.RELEASE);
        t.row(E, Input.RCV_RECORD, Guard.RECORD_BAD_LAST, C, "CH-REC-2", err, Output.UNREGISTER, close);
        t.row(E, Input.RCV_RECORD, Guard.RECORD_BAD, E, "CH-SEQ-2", Output.DROP);
        t.row(E, Input.RCV_RECORD, Guard.IS_LOGOUT, C, "CH-OUT-1", Output.ACK_LOGOUT, Output.UNREGISTER, close);
        t.row(E, Input.RCV_RECORD, null, E, "CH-REQ-1", Output.ANSWER);
        t.row(E, Input.EXPIRY_TIMER, null, C, "CH-PRES-3", Output.UNREGISTER, close);
        t.row(E, Input.REPLACED, null, C, "CH-PRES-4", Output.SEND_REPLACED, close);
        t.row(E, Input.CONNECTION_CLOSED, null, C, "CH-PRES-5", Output.UNREGISTER);
        return t;
    }
}

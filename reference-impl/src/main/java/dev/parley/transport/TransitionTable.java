package dev.parley.transport;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The one transition table of a transport connection [TR-SM-1]: every row of
 * spec/state-machines/transport-connection.yaml, in the same order, and the explicit rules for unlisted pairs
 * (checked by {@code TransitionTableMatchesSpecTest}). The engine changes state only through {@link #lookup}.
 */
public final class TransitionTable {

    /** The rows, in specification order. */
    public static final List<Transition> ROWS = List.of(
                row(State.CLOSED, Input.CONNECT, null, State.SYN_SENT, "TR-OPEN-1", Action.SEND_SYN),
                row(State.CLOSED, Input.RCV_SYN, Guard.LISTENING_WITH_ROOM, State.SYN_RECEIVED, "TR-OPEN-3", Action.RECORD_PEER_ISN, Action.SEND_SYN_ACK),
                row(State.CLOSED, Input.RCV_SYN, Guard.BACKLOG_FULL, State.CLOSED, "TR-SEC-SYN-2", Action.SEND_COOKIE_SYN_ACK),
                row(State.CLOSED, Input.RCV_SYN, Guard.LISTENING_FULL, State.CLOSED, "TR-SEC-SYN-1", Action.REFUSE_SYN),
                row(State.CLOSED, Input.RCV_SYN, null, State.CLOSED, "TR-DEMUX-2", Action.REPORT_NO_LISTENER),
                row(State.CLOSED, Input.RCV_SYN_ACK, null, State.CLOSED, "TR-DEMUX-3", Action.REPLY_RST),
                row(State.CLOSED, Input.RCV_ACK, Guard.VALID_COOKIE, State.ESTABLISHED, "TR-SEC-SYN-3", Action.REBUILD_FROM_COOKIE, Action.PROCESS_ACK, Action.NOTIFY_OPEN, Action.PROCESS_DATA),
                row(State.CLOSED, Input.RCV_ACK, null, State.CLOSED, "TR-DEMUX-3", Action.REPLY_RST),
                row(State.CLOSED, Input.RCV_RST, null, State.CLOSED, "TR-DEMUX-4", Action.DROP),
                row(State.CLOSED, Input.CLOSE, null, State.CLOSED, "TR-CLOSE-6"),
                row(State.CLOSED, Input.ABORT, null, State.CLOSED, "TR-CLOSE-6"),
                row(State.SYN_SENT, Input.RCV_SYN_ACK, null, State.ESTABLISHED, "TR-OPEN-2", Action.RECORD_PEER_ISN, Action.PROCESS_ACK, Action.SEND_ACK, Action.NOTIFY_OPEN),
                row(State.SYN_SENT, Input.RCV_SYN, null, State.SYN_RECEIVED, "TR-OPEN-6", Action.RECORD_PEER_ISN, Action.SEND_SYN_ACK),
                row(State.SYN_SENT, Input.RCV_BAD_ACK, null, State.SYN_SENT, "TR-OPEN-5", Action.REPLY_RST),
                row(State.SYN_SENT, Input.RCV_RST, null, State.CLOSED, "TR-RST-1", Action.NOTIFY_RESET, Action.RELEASE),
                row(State.SYN_SENT, Input.RTO, null, State.SYN_SENT, "TR-RTX-4", Action.RETRANSMIT),
                row(State.SYN_SENT, Input.RTO_EXHAUSTED, null, State.CLOSED, "TR-RTX-6", Action.NOTIFY_TIMEOUT, Action.RELEASE),
                row(State.SYN_SENT, Input.UNREACHABLE, null, State.CLOSED, "TR-FAIL-2", Action.NOTIFY_UNREACHABLE, Action.RELEASE),
                row(State.SYN_SENT, Input.SEND, null, State.SYN_SENT, "TR-DATA-1", Action.QUEUE_DATA),
                row(State.SYN_SENT, Input.CLOSE, null, State.CLOSED, "TR-CLOSE-7", Action.NOTIFY_CLOSED, Action.RELEASE),
                row(State.SYN_SENT, Input.ABORT, null, State.CLOSED, "TR-RST-5", Action.NOTIFY_ABORTED, Action.RELEASE),
                row(State.SYN_RECEIVED, Input.RCV_ACK, null, State.ESTABLISHED, "TR-OPEN-4", Action.PROCESS_ACK, Action.NOTIFY_OPEN, Action.PROCESS_DATA),
                row(State.SYN_RECEIVED, Input.RCV_SYN_ACK, null, State.ESTABLISHED, "TR-OPEN-6", Action.PROCESS_ACK, Action.SEND_ACK, Action.NOTIFY_OPEN),
                row(State.SYN_RECEIVED, Input.RCV_SYN, null, State.SYN_RECEIVED, "TR-OPEN-7", Action.SEND_SYN_ACK),
                row(State.SYN_RECEIVED, Input.RCV_BAD_ACK, null, State.SYN_RECEIVED, "TR-OPEN-5", Action.REPLY_RST),
                row(State.SYN_RECEIVED, Input.RCV_RST, null, State.CLOSED, "TR-RST-1", Action.NOTIFY_RESET, Action.RELEASE),
                row(State.SYN_RECEIVED, Input.RCV_RST_NEAR, null, State.SYN_RECEIVED, "TR-RST-3", Action.CHALLENGE_ACK),
                row(State.SYN_RECEIVED, Input.RCV_UNACCEPTABLE, null, State.SYN_RECEIVED, "TR-RCV-2", Action.CHALLENGE_ACK),
                row(State.SYN_RECEIVED, Input.RTO, null, State.SYN_RECEIVED, "TR-RTX-4", Action.RETRANSMIT),
                row(State.SYN_RECEIVED, Input.RTO_EXHAUSTED, null, State.CLOSED, "TR-RTX-6", Action.NOTIFY_TIMEOUT, Action.RELEASE),
                row(State.SYN_RECEIVED, Input.SEND, null, State.SYN_RECEIVED, "TR-DATA-1", Action.QUEUE_DATA),
                row(State.SYN_RECEIVED, Input.CLOSE, null, State.FIN_WAIT_1, "TR-CLOSE-1", Action.QUEUE_FIN),
                row(State.SYN_RECEIVED, Input.ABORT, null, State.CLOSED, "TR-RST-5", Action.SEND_RST, Action.NOTIFY_ABORTED, Action.RELEASE),
                row(State.ESTABLISHED, Input.RCV_ACK, null, State.ESTABLISHED, "TR-DATA-2", Action.PROCESS_ACK, Action.PROCESS_DATA),
                row(State.ESTABLISHED, Input.PEER_FIN, null, State.CLOSE_WAIT, "TR-CLOSE-3", Action.SEND_ACK, Action.NOTIFY_PEER_CLOSED),
                row(State.ESTABLISHED, Input.SEND, null, State.ESTABLISHED, "TR-DATA-1", Action.QUEUE_DATA),
                row(State.ESTABLISHED, Input.CLOSE, null, State.FIN_WAIT_1, "TR-CLOSE-1", Action.QUEUE_FIN),
                row(State.ESTABLISHED, Input.RCV_SYN, null, State.ESTABLISHED, "TR-SEC-INJ-2", Action.CHALLENGE_ACK),
                row(State.ESTABLISHED, Input.RCV_SYN_ACK, null, State.ESTABLISHED, "TR-SEC-INJ-2", Action.CHALLENGE_ACK),
                row(State.ESTABLISHED, Input.RCV_RST_NEAR, null, State.ESTABLISHED, "TR-RST-3", Action.CHALLENGE_ACK),
                row(State.ESTABLISHED, Input.RCV_BAD_ACK, null, State.ESTABLISHED, "TR-SEC-INJ-3", Action.CHALLENGE_ACK),
                row(State.ESTABLISHED, Input.RCV_UNACCEPTABLE, null, State.ESTABLISHED, "TR-RCV-2", Action.CHALLENGE_ACK),
                row(State.ESTABLISHED, Input.RCV_RST, null, State.CLOSED, "TR-RST-1", Action.NOTIFY_RESET, Action.RELEASE),
                row(State.ESTABLISHED, Input.ABORT, null, State.CLOSED, "TR-RST-5", Action.SEND_RST, Action.NOTIFY_ABORTED, Action.RELEASE),
                row(State.ESTABLISHED, Input.IDLE_TIMEOUT, null, State.CLOSED, "TR-KEEP-3", Action.SEND_RST, Action.NOTIFY_TIMEOUT, Action.RELEASE),
                row(State.ESTABLISHED, Input.KEEPALIVE, null, State.ESTABLISHED, "TR-KEEP-1", Action.SEND_KEEPALIVE),
                row(State.ESTABLISHED, Input.DELAYED_ACK, null, State.ESTABLISHED, "TR-ACK-2", Action.SEND_ACK),
                row(State.ESTABLISHED, Input.RTO, null, State.ESTABLISHED, "TR-RTX-4", Action.RETRANSMIT),
                row(State.ESTABLISHED, Input.LOSS_TIMER, null, State.ESTABLISHED, "TR-LOSS-2", Action.DETECT_LOSS),
                row(State.ESTABLISHED, Input.RTO_EXHAUSTED, null, State.CLOSED, "TR-RTX-6", Action.SEND_RST, Action.NOTIFY_TIMEOUT, Action.RELEASE),
                row(State.FIN_WAIT_1, Input.RCV_ACK, null, State.FIN_WAIT_1, "TR-DATA-2", Action.PROCESS_ACK, Action.PROCESS_DATA),
                row(State.FIN_WAIT_1, Input.FIN_ACKED, null, State.FIN_WAIT_2, "TR-CLOSE-2"),
                row(State.FIN_WAIT_1, Input.PEER_FIN, null, State.CLOSING, "TR-CLOSE-3", Action.SEND_ACK, Action.NOTIFY_PEER_CLOSED),
                row(State.FIN_WAIT_1, Input.CLOSE, null, State.FIN_WAIT_1, "TR-CLOSE-6"),
                row(State.FIN_WAIT_1, Input.RCV_SYN, null, State.FIN_WAIT_1, "TR-SEC-INJ-2", Action.CHALLENGE_ACK),
                row(State.FIN_WAIT_1, Input.RCV_SYN_ACK, null, State.FIN_WAIT_1, "TR-SEC-INJ-2", Action.CHALLENGE_ACK),
                row(State.FIN_WAIT_1, Input.RCV_RST_NEAR, null, State.FIN_WAIT_1, "TR-RST-3", Action.CHALLENGE_ACK),
                row(State.FIN_WAIT_1, Input.RCV_BAD_ACK, null, State.FIN_WAIT_1, "TR-SEC-INJ-3", Action.CHALLENGE_ACK),
                row(State.FIN_WAIT_1, Input.RCV_UNACCEPTABLE, null, State.FIN_WAIT_1, "TR-RCV-2", Action.CHALLENGE_ACK),
                row(State.FIN_WAIT_1, Input.RCV_RST, null, State.CLOSED, "TR-RST-1", Action.NOTIFY_RESET, Action.RELEASE),
                row(State.FIN_WAIT_1, Input.ABORT, null, State.CLOSED, "TR-RST-5", Action.SEND_RST, Action.NOTIFY_ABORTED, Action.RELEASE),
                row(State.FIN_WAIT_1, Input.IDLE_TIMEOUT, null, State.CLOSED, "TR-KEEP-3", Action.SEND_RST, Action.NOTIFY_TIMEOUT, Action.RELEASE),
                row(State.FIN_WAIT_1, Input.KEEPALIVE, null, State.FIN_WAIT_1, "TR-KEEP-1", Action.SEND_KEEPALIVE),
                row(State.FIN_WAIT_1, Input.DELAYED_ACK, null, State.FIN_WAIT_1, "TR-ACK-2", Action.SEND_ACK),
                row(State.FIN_WAIT_1, Input.RTO, null, State.FIN_WAIT_1, "TR-RTX-4", Action.RETRANSMIT),
                row(State.FIN_WAIT_1, Input.LOSS_TIMER, null, State.FIN_WAIT_1, "TR-LOSS-2", Action.DETECT_LOSS),
                row(State.FIN_WAIT_1, Input.RTO_EXHAUSTED, null, State.CLOSED, "TR-RTX-6", Action.SEND_RST, Action.NOTIFY_TIMEOUT, Action.RELEASE),
                row(State.FIN_WAIT_2, Input.RCV_ACK, null, State.FIN_WAIT_2, "TR-DATA-2", Action.PROCESS_ACK, Action.PROCESS_DATA),
                row(State.FIN_WAIT_2, Input.PEER_FIN, null, State.TIME_WAIT, "TR-CLOSE-4", Action.SEND_ACK, Action.NOTIFY_PEER_CLOSED, Action.NOTIFY_CLOSED, Action.START_TIME_WAIT),
                row(State.FIN_WAIT_2, Input.CLOSE, null, State.FIN_WAIT_2, "TR-CLOSE-6"),
                row(State.FIN_WAIT_2, Input.RCV_SYN, null, State.FIN_WAIT_2, "TR-SEC-INJ-2", Action.CHALLENGE_ACK),
                row(State.FIN_WAIT_2, Input.RCV_SYN_ACK, null, State.FIN_WAIT_2, "TR-SEC-INJ-2", Action.CHALLENGE_ACK),
                row(State.FIN_WAIT_2, Input.RCV_RST_NEAR, null, State.FIN_WAIT_2, "TR-RST-3", Action.CHALLENGE_ACK),
                row(State.FIN_WAIT_2, Input.RCV_BAD_ACK, null, State.FIN_WAIT_2, "TR-SEC-INJ-3", Action.CHALLENGE_ACK),
                row(State.FIN_WAIT_2, Input.RCV_UNACCEPTABLE, null, State.FIN_WAIT_2, "TR-RCV-2", Action.CHALLENGE_ACK),
                row(State.FIN_WAIT_2, Input.RCV_RST, null, State.CLOSED, "TR-RST-1", Action.NOTIFY_RESET, Action.RELEASE),
                row(State.FIN_WAIT_2, Input.ABORT, null, State.CLOSED, "TR-RST-5", Action.SEND_RST, Action.NOTIFY_ABORTED, Action.RELEASE),
                row(State.FIN_WAIT_2, Input.IDLE_TIMEOUT, null, State.CLOSED, "TR-KEEP-3", Action.SEND_RST, Action.NOTIFY_TIMEOUT, Action.RELEASE),
                row(State.FIN_WAIT_2, Input.KEEPALIVE, null, State.FIN_WAIT_2, "TR-KEEP-1", Action.SEND_KEEPALIVE),
                row(State.FIN_WAIT_2, Input.DELAYED_ACK, null, State.FIN_WAIT_2, "TR-ACK-2", Action.SEND_ACK),
                row(State.CLOSING, Input.RCV_ACK, null, State.CLOSING, "TR-DATA-2", Action.PROCESS_ACK),
                row(State.CLOSING, Input.FIN_ACKED, null, State.TIME_WAIT, "TR-CLOSE-4", Action.NOTIFY_CLOSED, Action.START_TIME_WAIT),
                row(State.CLOSING, Input.CLOSE, null, State.CLOSING, "TR-CLOSE-6"),
                row(State.CLOSING, Input.RCV_SYN, null, State.CLOSING, "TR-SEC-INJ-2", Action.CHALLENGE_ACK),
                row(State.CLOSING, Input.RCV_SYN_ACK, null, State.CLOSING, "TR-SEC-INJ-2", Action.CHALLENGE_ACK),
                row(State.CLOSING, Input.RCV_RST_NEAR, null, State.CLOSING, "TR-RST-3", Action.CHALLENGE_ACK),
                row(State.CLOSING, Input.RCV_BAD_ACK, null, State.CLOSING, "TR-SEC-INJ-3", Action.CHALLENGE_ACK),
                row(State.CLOSING, Input.RCV_UNACCEPTABLE, null, State.CLOSING, "TR-RCV-2", Action.CHALLENGE_ACK),
                row(State.CLOSING, Input.RCV_RST, Guard.DATA_ACKED, State.CLOSED, "TR-CLOSE-8", Action.NOTIFY_CLOSED, Action.RELEASE),
                row(State.CLOSING, Input.RCV_RST, null, State.CLOSED, "TR-RST-1", Action.NOTIFY_RESET, Action.RELEASE),
                row(State.CLOSING, Input.ABORT, null, State.CLOSED, "TR-RST-5", Action.SEND_RST, Action.NOTIFY_ABORTED, Action.RELEASE),
                row(State.CLOSING, Input.IDLE_TIMEOUT, null, State.CLOSED, "TR-KEEP-3", Action.SEND_RST, Action.NOTIFY_TIMEOUT, Action.RELEASE),
                row(State.CLOSING, Input.KEEPALIVE, null, State.CLOSING, "TR-KEEP-1", Action.SEND_KEEPALIVE),
                row(State.CLOSING, Input.DELAYED_ACK, null, State.CLOSING, "TR-ACK-2", Action.SEND_ACK),
                row(State.CLOSING, Input.RTO, null, State.CLOSING, "TR-RTX-4", Action.RETRANSMIT),
                row(State.CLOSING, Input.LOSS_TIMER, null, State.CLOSING, "TR-LOSS-2", Action.DETECT_LOSS),
                row(State.CLOSING, Input.RTO_EXHAUSTED, null, State.CLOSED, "TR-RTX-6", Action.SEND_RST, Action.NOTIFY_TIMEOUT, Action.RELEASE),
                row(State.CLOSE_WAIT, Input.RCV_ACK, null, State.CLOSE_WAIT, "TR-DATA-2", Action.PROCESS_ACK),
                row(State.CLOSE_WAIT, Input.SEND, null, State.CLOSE_WAIT, "TR-DATA-1", Action.QUEUE_DATA),
                row(State.CLOSE_WAIT, Input.CLOSE, null, State.LAST_ACK, "TR-CLOSE-1", Action.QUEUE_FIN),
                row(State.CLOSE_WAIT, Input.RCV_SYN, null, State.CLOSE_WAIT, "TR-SEC-INJ-2", Action.CHALLENGE_ACK),
                row(State.CLOSE_WAIT, Input.RCV_SYN_ACK, null, State.CLOSE_WAIT, "TR-SEC-INJ-2", Action.CHALLENGE_ACK),
                row(State.CLOSE_WAIT, Input.RCV_RST_NEAR, null, State.CLOSE_WAIT, "TR-RST-3", Action.CHALLENGE_ACK),
                row(State.CLOSE_WAIT, Input.RCV_BAD_ACK, null, State.CLOSE_WAIT, "TR-SEC-INJ-3", Action.CHALLENGE_ACK),
                row(State.CLOSE_WAIT, Input.RCV_UNACCEPTABLE, null, State.CLOSE_WAIT, "TR-RCV-2", Action.CHALLENGE_ACK),
                row(State.CLOSE_WAIT, Input.RCV_RST, null, State.CLOSED, "TR-RST-1", Action.NOTIFY_RESET, Action.RELEASE),
                row(State.CLOSE_WAIT, Input.ABORT, null, State.CLOSED, "TR-RST-5", Action.SEND_RST, Action.NOTIFY_ABORTED, Action.RELEASE),
                row(State.CLOSE_WAIT, Input.IDLE_TIMEOUT, null, State.CLOSED, "TR-KEEP-3", Action.SEND_RST, Action.NOTIFY_TIMEOUT, Action.RELEASE),
                row(State.CLOSE_WAIT, Input.KEEPALIVE, null, State.CLOSE_WAIT, "TR-KEEP-1", Action.SEND_KEEPALIVE),
                row(State.CLOSE_WAIT, Input.DELAYED_ACK, null, State.CLOSE_WAIT, "TR-ACK-2", Action.SEND_ACK),
                row(State.CLOSE_WAIT, Input.RTO, null, State.CLOSE_WAIT, "TR-RTX-4", Action.RETRANSMIT),
                row(State.CLOSE_WAIT, Input.LOSS_TIMER, null, State.CLOSE_WAIT, "TR-LOSS-2", Action.DETECT_LOSS),
                row(State.CLOSE_WAIT, Input.RTO_EXHAUSTED, null, State.CLOSED, "TR-RTX-6", Action.SEND_RST, Action.NOTIFY_TIMEOUT, Action.RELEASE),
                row(State.LAST_ACK, Input.RCV_ACK, null, State.LAST_ACK, "TR-DATA-2", Action.PROCESS_ACK),
                row(State.LAST_ACK, Input.FIN_ACKED, null, State.CLOSED, "TR-CLOSE-2", Action.NOTIFY_CLOSED, Action.RELEASE),
                row(State.LAST_ACK, Input.CLOSE, null, State.LAST_ACK, "TR-CLOSE-6"),
                row(State.LAST_ACK, Input.RCV_SYN, null, State.LAST_ACK, "TR-SEC-INJ-2", Action.CHALLENGE_ACK),
                row(State.LAST_ACK, Input.RCV_SYN_ACK, null, State.LAST_ACK, "TR-SEC-INJ-2", Action.CHALLENGE_ACK),
                row(State.LAST_ACK, Input.RCV_RST_NEAR, null, State.LAST_ACK, "TR-RST-3", Action.CHALLENGE_ACK),
                row(State.LAST_ACK, Input.RCV_BAD_ACK, null, State.LAST_ACK, "TR-SEC-INJ-3", Action.CHALLENGE_ACK),
                row(State.LAST_ACK, Input.RCV_UNACCEPTABLE, null, State.LAST_ACK, "TR-RCV-2", Action.CHALLENGE_ACK),
                row(State.LAST_ACK, Input.RCV_RST, Guard.DATA_ACKED, State.CLOSED, "TR-CLOSE-8", Action.NOTIFY_CLOSED, Action.RELEASE),
                row(State.LAST_ACK, Input.RCV_RST, null, State.CLOSED, "TR-RST-1", Action.NOTIFY_RESET, Action.RELEASE),
                row(State.LAST_ACK, Input.ABORT, null, State.CLOSED, "TR-RST-5", Action.SEND_RST, Action.NOTIFY_ABORTED, Action.RELEASE),
                row(State.LAST_ACK, Input.IDLE_TIMEOUT, null, State.CLOSED, "TR-KEEP-3", Action.SEND_RST, Action.NOTIFY_TIMEOUT, Action.RELEASE),
                row(State.LAST_ACK, Input.KEEPALIVE, null, State.LAST_ACK, "TR-KEEP-1", Action.SEND_KEEPALIVE),
                row(State.LAST_ACK, Input.DELAYED_ACK, null, State.LAST_ACK, "TR-ACK-2", Action.SEND_ACK),
                row(State.LAST_ACK, Input.RTO, null, State.LAST_ACK, "TR-RTX-4", Action.RETRANSMIT),
                row(State.LAST_ACK, Input.LOSS_TIMER, null, State.LAST_ACK, "TR-LOSS-2", Action.DETECT_LOSS),
                row(State.LAST_ACK, Input.RTO_EXHAUSTED, null, State.CLOSED, "TR-RTX-6", Action.SEND_RST, Action.NOTIFY_TIMEOUT, Action.RELEASE),
                row(State.TIME_WAIT, Input.RCV_UNACCEPTABLE, null, State.TIME_WAIT, "TR-CLOSE-5", Action.CHALLENGE_ACK, Action.START_TIME_WAIT),
                row(State.TIME_WAIT, Input.RCV_SYN, Guard.NEWER_INCARNATION, State.CLOSED, "TR-CLOSE-9", Action.RELEASE, Action.REPROCESS_AS_NEW),
                row(State.TIME_WAIT, Input.RCV_SYN, null, State.TIME_WAIT, "TR-SEC-INJ-2", Action.CHALLENGE_ACK),
                row(State.TIME_WAIT, Input.RCV_RST, null, State.TIME_WAIT, "TR-CLOSE-5", Action.DROP),
                row(State.TIME_WAIT, Input.TIME_WAIT_EXPIRED, null, State.CLOSED, "TR-CLOSE-5", Action.RELEASE),
                row(State.TIME_WAIT, Input.CLOSE, null, State.TIME_WAIT, "TR-CLOSE-6"),
                row(State.TIME_WAIT, Input.ABORT, null, State.CLOSED, "TR-RST-5", Action.RELEASE)
    );

    private static final Map<State, Map<Input, List<Transition>>> INDEX = new EnumMap<>(State.class);

    static {
        for (State s : State.values()) {
            INDEX.put(s, new EnumMap<>(Input.class));
        }
        for (Transition t : ROWS) {
            INDEX.get(t.from()).computeIfAbsent(t.input(), k -> new ArrayList<>()).add(t);
        }
    }

    private TransitionTable() {
    }

    /**
     * The transition for a pair: the first listed row whose guard holds (a row without guard always holds), or
     * else the unlisted rule of the input's kind [TR-SM-2] [TR-SM-3] [TR-SM-4].
     */
    public static Transition lookup(State state, Input input, Predicate<Guard> guards) {
        List<Transition> rows = INDEX.get(state).getOrDefault(input, Collections.emptyList());
        for (Transition t : rows) {
            if (t.guard() == null || guards.test(t.guard())) {
                return t;
            }
        }
        return unlisted(state, input);
    }

    /** True when the pair has a row of its own. */
    public static boolean listed(State state, Input input) {
        return INDEX.get(state).containsKey(input);
    }

    /** The explicit rule for a pair without rows: the state stays, the output depends on the input's kind. */
    public static Transition unlisted(State state, Input input) {
        return switch (input.kind) {
            case SEGMENT, REPORT -> new Transition(state, input, null, state, List.of(Action.DROP), "TR-SM-2");
            case USER -> new Transition(state, input, null, state, List.of(Action.REJECT), "TR-SM-3");
            case TIMER, EVENT -> new Transition(state, input, null, state, List.of(Action.IGNORE), "TR-SM-4");
        };
    }

    private static Transition row(State from, Input input, Guard guard, State to, String req, Action... actions) {
        return new Transition(from, input, guard, to, List.of(actions), req);
    }
}

package dev.parley.transport;

import java.util.List;

/**
 * One row of the transition table: in {@code from}, on {@code input}, when {@code guard} holds (null: otherwise),
 * run {@code actions} in order and go to {@code to}.
 */
public record Transition(State from, Input input, Guard guard, State to, List<Action> actions, String requirement) {

    public Transition {
        actions = List.copyOf(actions);
    }

    @Override
    public String toString() {
        return from + " --" + input + (guard == null ? "" : "[" + guard + "]") + "--> " + to + " " + actions
                + " [" + requirement + "]";
    }
}

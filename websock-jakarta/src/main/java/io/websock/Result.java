package io.websock;

import java.util.List;
import java.util.Objects;

/**
 * What a callback returns: the next state, optionally with frames to write or a stop. Results are
 * immutable and validated when built, so a bad close code or a null frame fails in the callback that
 * made it, naming the value.
 *
 * @param <S> the connection state type
 */
public sealed interface Result<S> {

    /** The state the next callback will see (or {@code terminate}, for a stop). */
    S state();

    /** Continue with {@code state}. */
    record Ok<S>(S state) implements Result<S> {
    }

    /** Write {@code frames} in order, then continue with {@code state}. */
    record Push<S>(List<Frame> frames, S state) implements Result<S> {
        public Push {
            frames = checkedFrames(frames);
        }
    }

    /**
     * End the connection: write {@code frames} in order, then the close frame {@link #closeDetail()},
     * then call {@code terminate} with {@link #closeReason()}.
     *
     * @param reason      a {@link StopReason} or any other non-null object (an error reason)
     * @param closeDetail the close frame to send; when built without one it follows from the reason:
     *                    1000 for NORMAL and DISCONNECTED, 1012 for RESTART, 1011 otherwise
     * @param frames      frames written before the close frame
     * @param state       the state {@code terminate} receives
     */
    record Stop<S>(Object reason, CloseDetail closeDetail, List<Frame> frames, S state) implements Result<S> {
        public Stop {
            Objects.requireNonNull(reason, "stop reason must not be null (use StopReason.NORMAL)");
            Objects.requireNonNull(closeDetail, "close detail must not be null");
            frames = checkedFrames(frames);
        }

        /** Whether the reason is one of the {@link StopReason}s, which end the connection normally. */
        public boolean isNormal() {
            return reason instanceof StopReason;
        }

        /** What {@code terminate} receives: {@link CloseReason#NORMAL} or {@link CloseReason.Error} of the reason. */
        public CloseReason closeReason() {
            return isNormal() ? CloseReason.NORMAL : new CloseReason.Error(reason);
        }

        static CloseDetail defaultDetail(Object reason) {
            if (reason == StopReason.RESTART) {
                return CloseDetail.of(1012);
            }
            return reason instanceof StopReason ? CloseDetail.of(1000) : CloseDetail.of(1011);
        }
    }

    /** Continue with {@code state}. */
    static <S> Result<S> ok(S state) {
        return new Ok<>(state);
    }

    /** Write {@code frame}, then continue with {@code state}. */
    static <S> Result<S> push(Frame frame, S state) {
        return new Push<>(List.of(Objects.requireNonNull(frame, "pushed frame must not be null")), state);
    }

    /** Write {@code frames} in list order, then continue with {@code state}. */
    static <S> Result<S> push(List<? extends Frame> frames, S state) {
        return new Push<>(checkedFrames(frames), state);
    }

    /**
     * Identical to {@link #push(List, Object)}; kept for parity with WebSock's
     * {@code {:reply, term, messages, state}}, whose {@code term} is ignored.
     */
    static <S> Result<S> reply(Object term, List<? extends Frame> frames, S state) {
        return push(frames, state);
    }

    /** Identical to {@link #push(Frame, Object)}; kept for parity with WebSock's {@code :reply}. */
    static <S> Result<S> reply(Object term, Frame frame, S state) {
        return push(frame, state);
    }

    /** Stop with the close code that follows from {@code reason} (see {@link Stop}). */
    static <S> Result<S> stop(Object reason, S state) {
        return new Stop<>(reason, Stop.defaultDetail(Objects.requireNonNull(reason,
                "stop reason must not be null (use StopReason.NORMAL)")), List.of(), state);
    }

    /** Stop with an explicit close frame; the explicit code always wins over the reason's. */
    static <S> Result<S> stop(Object reason, CloseDetail closeDetail, S state) {
        return new Stop<>(reason, closeDetail, List.of(), state);
    }

    /** Write {@code frames}, then stop with an explicit close frame. */
    static <S> Result<S> stop(Object reason, CloseDetail closeDetail, List<? extends Frame> frames, S state) {
        return new Stop<>(reason, closeDetail, checkedFrames(frames), state);
    }

    @SuppressWarnings("unchecked")
    private static List<Frame> checkedFrames(List<? extends Frame> frames) {
        Objects.requireNonNull(frames, "frames must not be null (use an empty list)");
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i) == null) {
                throw new NullPointerException("frames[" + i + "] must not be null");
            }
        }
        // List.copyOf returns the same list when it is already unmodifiable, so this copies at most once.
        return (List<Frame>) List.copyOf(frames);
    }
}

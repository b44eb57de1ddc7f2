/*
 * Parley transport connection: a Promela model of two connection ends over a lossy, duplicating,
 * reordering medium, checked with spin. Normative source: spec/state-machines/transport-connection.yaml
 * (states, inputs, rows, unlisted rules) and spec/transport.md sections 6-14. spec/models/README.md
 * explains the abstractions, the variants, the commands and the results.
 *
 * End 0 (A) is the active opener: connect(), send N_A data units, close().
 * End 1 (B) is the passive listener: its listener stays registered; after the open it sends N_B data units
 * and closes. Each direction is a bag (multiset) of at most BAG segments in flight: the receiver takes any
 * of them (reordering), the Medium process may lose up to K_LOSS and duplicate up to K_DUP segments per run.
 *
 * The transition table below is written one YAML row per line, in the form
 *     :: ROW(from, input) -> TO(to); OUTPUT(); OUTPUT() (slash-star) req (star-slash)
 * (guarded rows: ROWG(from, input, GUARD)); PromelaModelTest checks every such line against the YAML.
 */

/* ---- parameters (override with spin -D...) ------------------------------------------------------------- */
#ifndef N_A
#define N_A 2            /* data units the opener sends (1..4) */
#endif
#ifndef N_B
#define N_B 1            /* data units the listener sends per connection (0..2) */
#endif
#ifndef K_LOSS
#define K_LOSS 1         /* segments the medium may lose per run */
#endif
#ifndef K_DUP
#define K_DUP 1          /* segments the medium may duplicate per run */
#endif
#ifndef BAG
#define BAG 3            /* segments in flight per direction: the reorder buffer (1..8) */
#endif
#ifndef W
#define W 2              /* receive window in sequence numbers (RCV.WND = SND.WND) */
#endif
#ifndef MAX_RTX
#define MAX_RTX 2        /* max_retransmissions */
#endif
#ifndef MAX_SYN_RTX
#define MAX_SYN_RTX 2    /* max_syn_retransmissions */
#endif
#ifndef KA_MAX
#define KA_MAX 1         /* keepalive probes per connection */
#endif
#ifndef MAX_INC
#define MAX_INC 2        /* connection records the listener creates per run (more: LISTENING_FULL) */
#endif
#ifndef ABORT_BY
#define ABORT_BY 2       /* 0: A's user may abort once, 1: B's user may, 2: nobody aborts */
#endif

/*
 * Timers. TIMELY (the liveness variants): a timer fires only when nothing else in the system can move
 * (Promela's timeout), that is once every segment in flight is delivered or lost: the RTO is never
 * spurious and TIME_WAIT outlasts every segment (2 MSL). Otherwise (the safety variants) every armed
 * timer may fire at any moment, which covers spurious retransmissions and a TIME_WAIT that is too short.
 */
#ifdef TIMELY
#define TIMER timeout
#else
#define TIMER true
#endif

/* ---- sequence numbers: 4 bits, serial-number arithmetic (RFC 1982) as in spec/transport.md "Terms" ---- */
#define SEQ_MOD 16
#define M(x)       ((x) & 15)
#define D(a, b)    (((((a) - (b)) + 8) & 15) - 8)   /* (a - b) as a signed 4-bit value */
#define LT(a, b)   (D(a, b) < 0)
#define LE(a, b)   (D(a, b) <= 0)
#define IN(x, lo, n) (D(x, lo) >= 0 && D(x, lo) < (n))
#define ISS_A 13         /* the opener's ISS: its stream wraps through 0 */
#define ISS_B 6          /* the listener's first ISS; record k uses ISS_B + 5k (the ISS clock moved on) */
#define INC_STEP 5

/* ---- segments: flags, seq_num, ack_num and the data's identity packed into one int ---------------------- */
#define F_SYN 1
#define F_ACK 2
#define F_FIN 4
#define F_RST 8
#define F_DAT 16         /* carries one data unit; the unit's identity is in the payload field */
#define SEG(f, s, a, p) ((f) | (M(s) << 5) | (M(a) << 9) | ((p) << 13))
#define S_FL(x)  ((x) & 31)
#define S_SEQ(x) (((x) >> 5) & 15)
#define S_ACK(x) (((x) >> 9) & 15)
#define S_PAY(x) (((x) >> 13) & 7)
/* Payload: A's unit k is k; B's record r (0-based) unit k is 4 + 2r + k. */
#define PAY_A(k)    (k)
#define PAY_B(r, k) (4 + 2 * (r) + (k))

mtype:State = { CLOSED, SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSING, TIME_WAIT,
                CLOSE_WAIT, LAST_ACK };
mtype:Input = { CONNECT, SEND, CLOSE, ABORT, RCV_SYN, RCV_SYN_ACK, RCV_ACK, RCV_RST, RCV_RST_NEAR, RCV_BAD_ACK,
                RCV_UNACCEPTABLE, PEER_FIN, FIN_ACKED, RTO, RTO_EXHAUSTED, KEEPALIVE, IDLE_TIMEOUT,
                TIME_WAIT_EXPIRED, NO_INPUT };
mtype:Reason = { TR_NONE, TR_CLOSED, TR_RESET, TR_TIMEOUT, TR_ABORTED };

#define IS_SEGMENT(i) (i == RCV_SYN || i == RCV_SYN_ACK || i == RCV_ACK || i == RCV_RST || i == RCV_RST_NEAR \
                       || i == RCV_BAD_ACK || i == RCV_UNACCEPTABLE)
#define IS_USER(i)    (i == CONNECT || i == SEND || i == CLOSE || i == ABORT)
#define IS_TIMER(i)   (i == RTO || i == RTO_EXHAUSTED || i == KEEPALIVE || i == IDLE_TIMEOUT || i == TIME_WAIT_EXPIRED)
#define IS_EVENT(i)   (i == PEER_FIN || i == FIN_ACKED)

/* ---- the medium ------------------------------------------------------------------------------------------ */
typedef Bag { int seg[BAG]; byte n };   /* a sorted set, so equal contents are equal states */
Bag bag[2];                           /* bag[e]: segments in flight towards end e */
byte lost, duped;

/* ---- the connection ends (index 0 = A, 1 = B); every connection variable is per record ----------------- */
mtype:State st[2] = CLOSED;
byte iss[2], irs[2], una[2], nxt[2], rnxt[2];   /* ISS, IRS, SND.UNA, SND.NXT, RCV.NXT */
byte qlen[2];              /* data units the user queued (QUEUE_DATA) */
bool finq[2];              /* QUEUE_FIN done */
int ooo[2];                /* reassembly: bit s set when unit s (mod 16) is held out of order */
bool pfk[2], pfr[2];       /* the peer's FIN: known (seen), reached in order */
byte pfin[2];              /* the peer's FIN sequence number when known */
byte rtx[2];               /* consecutive retransmission-timer expiries */
byte ka[2];                /* keepalive probes sent */
bool kaun[2];              /* a probe is unanswered (nothing heard since it) */
byte dl[2];                /* units delivered to the user on this record */
byte rec[2];               /* B: 0-based number of this record (decides ISS and payload) */
bool issset[2];           /* ISS chosen */
bool mine[2];              /* the user knows this record (connect, or NOTIFY_OPEN of a passive open) */
bool usent[2], uclosed[2], uaborted[2];   /* user calls made on this record */

/* ---- observations for the properties ---------------------------------------------------------------------- */
mtype:Reason why[2] = TR_NONE; /* close reason reported for the connection the user knew */
bool peerclosed[2];        /* NOTIFY_PEER_CLOSED reported */
byte opens;                /* connections B's user learned of */
byte inc;                  /* records B created */
byte gotA;                 /* bit k: A's unit k was delivered by B (on any record) */
byte gotB;                 /* bit 2r+k: unit k of B's record r was delivered by A */

/* scratch of the running step: written before read inside one atomic step, so kept out of the state */
hidden int sg;
hidden byte sf, ss, sa, sp, hi, hk, hp;
hidden mtype:Input inp;
hidden byte evFA, evPF;

/* ---- bag operations ------------------------------------------------------------------------------------- */
inline put(pe, px) {      /* add px to the set bag[pe], kept sorted; an equal segment in flight absorbs it */
  hi = 0;
  do
  :: hi < bag[pe].n && bag[pe].seg[hi] < px -> hi++
  :: else -> break
  od;
  if
  :: hi < bag[pe].n && bag[pe].seg[hi] == px -> skip
  :: else ->
     if
     :: bag[pe].n < BAG ->
        hk = bag[pe].n;
        do
        :: hk > hi -> bag[pe].seg[hk] = bag[pe].seg[hk - 1]; hk--
        :: else -> break
        od;
        bag[pe].seg[hi] = px;
        bag[pe].n++
     :: else ->           /* a full queue drops the segment (tail drop) */
        printf("MSC: queue towards %d full, segment dropped\n", pe);
#ifdef NO_TAIL_DROP
        assert(false)
#else
        skip
#endif
     fi
  fi
}

inline pick(ke) {          /* hk := index of any segment in bag[ke] */
  if
  :: hk = 0
  :: bag[ke].n > 1 -> hk = 1
#if BAG > 2
  :: bag[ke].n > 2 -> hk = 2
#endif
#if BAG > 3
  :: bag[ke].n > 3 -> hk = 3
#endif
#if BAG > 4
  :: bag[ke].n > 4 -> hk = 4
#endif
#if BAG > 5
  :: bag[ke].n > 5 -> hk = 5
#endif
#if BAG > 6
  :: bag[ke].n > 6 -> hk = 6
#endif
#if BAG > 7
  :: bag[ke].n > 7 -> hk = 7
#endif
  fi
}

inline take(te) {          /* remove bag[te].seg[hk] */
  hi = hk;
  do
  :: hi + 1 < bag[te].n -> bag[te].seg[hi] = bag[te].seg[hi + 1]; hi++
  :: else -> break
  od;
  bag[te].n--;
  bag[te].seg[bag[te].n] = 0
}

active proctype Medium() {
end_medium:
  do
  :: atomic { lost < K_LOSS && bag[0].n > 0 -> pick(0); take(0); lost++ }
  :: atomic { lost < K_LOSS && bag[1].n > 0 -> pick(1); take(1); lost++ }
  od
}

/* ---- helpers over the record of end `me` ------------------------------------------------------------------ */
#define PEER          (1 - me)
#define STREAM_END    M(iss[me] + 1 + qlen[me])        /* seq after the last queued unit = FIN's seq */
#define FIN_SENT      (finq[me] && nxt[me] == M(STREAM_END + 1))
#define SYNCED        (st[me] == ESTABLISHED || st[me] == FIN_WAIT_1 || st[me] == FIN_WAIT_2 || st[me] == CLOSING \
                       || st[me] == CLOSE_WAIT || st[me] == LAST_ACK || st[me] == TIME_WAIT)
#define MY_PAY(s)     (me == 0 -> PAY_A(D(s, iss[0]) - 1) : PAY_B(rec[1], D(s, iss[1]) - 1))
#define PEER_REC      (D(irs[0], ISS_B) / INC_STEP)     /* A: which of B's records it is synchronised with */
#define EXPECT(k)     (me == 1 -> PAY_A(k) : PAY_B(PEER_REC, k))
#define PEER_LEN      (me == 0 -> N_B : N_A)

/* guards of the YAML */
#define LISTENING_WITH_ROOM (me == 1 && inc < MAX_INC)
#define LISTENING_FULL      (me == 1 && inc >= MAX_INC)
#define DATA_ACKED          (FIN_SENT && una[me] == STREAM_END)

#define SEQ_LEN (((sf & F_SYN) != 0) + ((sf & F_FIN) != 0) + ((sf & F_DAT) != 0))

inline emit(ef, es, ea, ep) {
  sg = SEG(ef, es, ea, ep);
  printf("MSC: %c sends flags=%d seq=%d ack=%d pay=%d\n", (me == 0 -> 'A' : 'B'), S_FL(sg), S_SEQ(sg), S_ACK(sg), S_PAY(sg));
  put(PEER, sg)
}

/* ---- outputs of the YAML, one inline each ----------------------------------------------------------------- */
inline SEND_SYN() {
  issset[me] = true; iss[me] = ISS_A; una[me] = iss[me]; nxt[me] = M(iss[me] + 1);
  emit(F_SYN, iss[me], 0, 0)
}
inline SEND_SYN_ACK() {
  if
  :: !issset[me] ->                    /* choose ISS once per record */
     issset[me] = true; rec[me] = inc; inc++;
     iss[me] = M(ISS_B + INC_STEP * rec[me]); una[me] = iss[me]; nxt[me] = M(iss[me] + 1)
  :: else
  fi;
  emit(F_SYN | F_ACK, iss[me], rnxt[me], 0)
}
inline SEND_ACK() { emit(F_ACK, nxt[me], rnxt[me], 0) }
inline CHALLENGE_ACK() {
#ifdef RATE_LIMIT
  if :: SEND_ACK() :: skip fi     /* the per-connection challenge-ACK limit may be reached */
#else
  SEND_ACK()
#endif
}
inline SEND_RST() {
  if
  :: st[me] == SYN_SENT -> emit(F_RST, nxt[me], 0, 0)
  :: else -> emit(F_RST | F_ACK, nxt[me], rnxt[me], 0)
  fi
}
inline REPLY_RST() {
  if
  :: sf & F_ACK -> emit(F_RST, sa, 0, 0)
  :: else -> emit(F_RST | F_ACK, 0, ss + SEQ_LEN, 0)
#ifdef RATE_LIMIT
  :: skip                         /* the per-endpoint reply rate limit may be reached */
#endif
  fi
}
inline SEND_KEEPALIVE() { emit(F_ACK, nxt[me] - 1, rnxt[me], 0); ka[me]++; kaun[me] = true }
inline RECORD_PEER_ISN() { irs[me] = ss; rnxt[me] = M(ss + 1) }
inline PROCESS_ACK() {
  if
  :: LT(una[me], sa) && LE(sa, nxt[me]) ->
     una[me] = sa; rtx[me] = 0;
     if :: FIN_SENT && sa == nxt[me] -> evFA = true :: else fi
  :: else
  fi
}
inline deliver(dseq, dpay) {
  hk = D(dseq, irs[me]) - 1;                 /* offset in the peer's stream */
  assert(hk == dl[me]);                   /* [TR-INV-2] in order */
  assert((dpay) == EXPECT(hk));                /* [TR-INV-2] only bytes the peer sent, on this connection */
  if
  :: me == 1 -> assert((gotA & (1 << hk)) == 0); gotA = gotA | (1 << hk)          /* exactly once */
  :: me == 0 -> assert((gotB & (1 << ((dpay) - 4))) == 0); gotB = gotB | (1 << ((dpay) - 4))
  fi;
  dl[me]++
}
inline PROCESS_DATA() {
  if
  :: (sf & F_FIN) && !pfk[me] -> pfk[me] = true; pfin[me] = ss
  :: else
  fi;
  if
  :: sf & F_DAT ->
     if
     :: ss == rnxt[me] && !(pfk[me] && !LT(ss, pfin[me])) ->
        deliver(ss, sp); rnxt[me] = M(rnxt[me] + 1);
        do
        :: ooo[me] & (1 << rnxt[me]) ->
           ooo[me] = ooo[me] & ~(1 << rnxt[me]);
           hp = EXPECT(D(rnxt[me], irs[me]) - 1); deliver(rnxt[me], hp);
           rnxt[me] = M(rnxt[me] + 1)
        :: else -> break
        od
     :: ss != rnxt[me] && IN(ss, rnxt[me], W) && !(pfk[me] && !LT(ss, pfin[me])) ->
        assert(sp == EXPECT(D(ss, irs[me]) - 1));
        ooo[me] = ooo[me] | (1 << ss)
     :: else                                 /* duplicate, or beyond the window or the FIN: trimmed */
     fi
  :: else
  fi;
  if
  :: pfk[me] && !pfr[me] && rnxt[me] == pfin[me] ->
     pfr[me] = true; rnxt[me] = M(rnxt[me] + 1); evPF = true     /* PEER_FIN acknowledges */
  :: else ->
     if :: sf & (F_DAT | F_FIN) -> SEND_ACK() :: else fi          /* delayed ACKs abstracted: ACK at once */
  fi
}
inline QUEUE_DATA() { qlen[me] = (me == 0 -> N_A : N_B) }
inline QUEUE_FIN() { finq[me] = true }
inline RETRANSMIT() {
  if
  :: st[me] == SYN_SENT -> emit(F_SYN, iss[me], 0, 0)
  :: st[me] == SYN_RECEIVED -> emit(F_SYN | F_ACK, iss[me], rnxt[me], 0)
  :: else ->
     if
     :: finq[me] && una[me] == STREAM_END -> emit(F_FIN | F_ACK, una[me], rnxt[me], 0)
     :: else -> hp = MY_PAY(una[me]); emit(F_DAT | F_ACK, una[me], rnxt[me], hp)
     fi
  fi
}
inline NOTIFY_OPEN() {
  if
  :: me == 1 -> mine[me] = true; opens++;
     assert(opens == 1)                      /* one connect() is one connection at the listener */
  :: else
  fi
}
inline NOTIFY_PEER_CLOSED() {
  assert(dl[me] == PEER_LEN);                /* the peer's FIN comes after all its data */
  if :: mine[me] -> peerclosed[me] = true :: else fi
}
inline report(rr) {
  if
  :: mine[me] -> assert(why[me] == TR_NONE); why[me] = rr    /* [TR-INV-1] reported once */
  :: else
  fi
}
inline NOTIFY_CLOSED() {
  report(TR_CLOSED);
  /* A normal close means both streams arrived whole: the peer delivered all our units (they are all
     acknowledged) and we delivered all of the peer's. */
  assert(dl[me] == PEER_LEN && pfr[me]);
  if
  :: me == 0 -> assert(gotA == (1 << N_A) - 1)
  :: me == 1 -> assert(((gotB >> (2 * rec[1])) & ((1 << N_B) - 1)) == (1 << N_B) - 1)
  fi
}
inline NOTIFY_RESET() { report(TR_RESET) }
inline NOTIFY_TIMEOUT() { report(TR_TIMEOUT) }
inline NOTIFY_ABORTED() { report(TR_ABORTED) }
inline START_TIME_WAIT() { skip }          /* buffers are freed; the linger is the TIME_WAIT_EXPIRED timer */
inline RELEASE() {
  assert(!mine[me] || why[me] != TR_NONE);   /* [TR-INV-1] a known connection is reported before it goes */
  st[me] = CLOSED;
  issset[me] = false; iss[me] = 0; irs[me] = 0; una[me] = 0; nxt[me] = 0; rnxt[me] = 0; qlen[me] = 0; finq[me] = false;
  ooo[me] = 0; pfk[me] = false; pfr[me] = false; pfin[me] = 0; rtx[me] = 0; ka[me] = 0; kaun[me] = false;
  dl[me] = 0; rec[me] = 0; mine[me] = false; usent[me] = false; uclosed[me] = false; uaborted[me] = false
}
inline REPORT_NO_LISTENER() { skip }       /* the datagram layer's port unreachable is not modelled */
inline REFUSE_SYN() { skip }
inline DROP() { skip }
inline REJECT() { assert(false) }          /* the modelled users never make a refused call */
inline IGNORE() { skip }

#define TO(s) st[me] = s
#define ROW(s, i) (st[me] == s && inp == i)
#define ROWG(s, i, g) (st[me] == s && inp == i && g)

/*
 * Unlisted pairs the model reaches, each reviewed (README.md, "Unlisted pairs"): the YAML's unlisted rule
 * applies to them. Any other unlisted pair is an unspecified reception and fails the check.
 */
#define REVIEWED_UNLISTED (false \
  || (st[me] == TIME_WAIT && (inp == RCV_ACK || inp == RCV_SYN_ACK || inp == RCV_RST_NEAR || inp == RCV_BAD_ACK)) \
  )

inline UNLISTED() {
  if
  :: !REVIEWED_UNLISTED ->
     printf("MSC: unspecified reception: end %d state ", me); printm(st[me]); printf(" input "); printm(inp); printf("\n");
     assert(false)
  :: else
  fi;
  if
  :: IS_SEGMENT(inp) -> DROP()                      /* TR-SM-2 */
  :: IS_USER(inp) -> REJECT()                       /* TR-SM-3 */
  :: IS_TIMER(inp) || IS_EVENT(inp) -> IGNORE()     /* TR-SM-4 */
  fi
}

/* ---- the machine: spec/state-machines/transport-connection.yaml, rows in the YAML's order ------------------ */
inline machine() {
  if
  :: ROWG(CLOSED, RCV_SYN, LISTENING_WITH_ROOM) -> TO(SYN_RECEIVED); RECORD_PEER_ISN(); SEND_SYN_ACK() /* TR-OPEN-3 */
  :: ROWG(CLOSED, RCV_SYN, LISTENING_FULL) -> TO(CLOSED); REFUSE_SYN() /* TR-SEC-SYN-1 */
  :: ROWG(CLOSING, RCV_RST, DATA_ACKED) -> TO(CLOSED); NOTIFY_CLOSED(); RELEASE() /* TR-CLOSE-8 */
  :: ROWG(LAST_ACK, RCV_RST, DATA_ACKED) -> TO(CLOSED); NOTIFY_CLOSED(); RELEASE() /* TR-CLOSE-8 */
  :: else ->
  if
  :: ROW(CLOSED, CONNECT) -> TO(SYN_SENT); SEND_SYN() /* TR-OPEN-1 */
  :: ROW(CLOSED, RCV_SYN) -> TO(CLOSED); REPORT_NO_LISTENER() /* TR-DEMUX-2 */
  :: ROW(CLOSED, RCV_SYN_ACK) -> TO(CLOSED); REPLY_RST() /* TR-DEMUX-3 */
  :: ROW(CLOSED, RCV_ACK) -> TO(CLOSED); REPLY_RST() /* TR-DEMUX-3 */
  :: ROW(CLOSED, RCV_RST) -> TO(CLOSED); DROP() /* TR-DEMUX-4 */
  :: ROW(SYN_SENT, RCV_SYN_ACK) -> TO(ESTABLISHED); RECORD_PEER_ISN(); PROCESS_ACK(); SEND_ACK(); NOTIFY_OPEN() /* TR-OPEN-2 */
  :: ROW(SYN_SENT, RCV_SYN) -> TO(SYN_RECEIVED); RECORD_PEER_ISN(); SEND_SYN_ACK() /* TR-OPEN-6 */
  :: ROW(SYN_SENT, RCV_BAD_ACK) -> TO(SYN_SENT); REPLY_RST() /* TR-OPEN-5 */
  :: ROW(SYN_SENT, RCV_RST) -> TO(CLOSED); NOTIFY_RESET(); RELEASE() /* TR-RST-1 */
  :: ROW(SYN_SENT, RTO) -> TO(SYN_SENT); RETRANSMIT() /* TR-RTX-4 */
  :: ROW(SYN_SENT, RTO_EXHAUSTED) -> TO(CLOSED); NOTIFY_TIMEOUT(); RELEASE() /* TR-RTX-6 */
  :: ROW(SYN_SENT, SEND) -> TO(SYN_SENT); QUEUE_DATA() /* TR-DATA-1 */
  :: ROW(SYN_SENT, CLOSE) -> TO(CLOSED); NOTIFY_CLOSED(); RELEASE() /* TR-CLOSE-7 */
  :: ROW(SYN_SENT, ABORT) -> TO(CLOSED); NOTIFY_ABORTED(); RELEASE() /* TR-RST-5 */
  :: ROW(SYN_RECEIVED, RCV_ACK) -> TO(ESTABLISHED); PROCESS_ACK(); NOTIFY_OPEN(); PROCESS_DATA() /* TR-OPEN-4 */
  :: ROW(SYN_RECEIVED, RCV_SYN_ACK) -> TO(ESTABLISHED); PROCESS_ACK(); SEND_ACK(); NOTIFY_OPEN() /* TR-OPEN-6 */
  :: ROW(SYN_RECEIVED, RCV_SYN) -> TO(SYN_RECEIVED); SEND_SYN_ACK() /* TR-OPEN-7 */
  :: ROW(SYN_RECEIVED, RCV_BAD_ACK) -> TO(SYN_RECEIVED); REPLY_RST() /* TR-OPEN-5 */
  :: ROW(SYN_RECEIVED, RCV_RST) -> TO(CLOSED); NOTIFY_RESET(); RELEASE() /* TR-RST-1 */
  :: ROW(SYN_RECEIVED, RCV_RST_NEAR) -> TO(SYN_RECEIVED); CHALLENGE_ACK() /* TR-RST-3 */
  :: ROW(SYN_RECEIVED, RCV_UNACCEPTABLE) -> TO(SYN_RECEIVED); CHALLENGE_ACK() /* TR-RCV-2 */
  :: ROW(SYN_RECEIVED, RTO) -> TO(SYN_RECEIVED); RETRANSMIT() /* TR-RTX-4 */
  :: ROW(SYN_RECEIVED, RTO_EXHAUSTED) -> TO(CLOSED); NOTIFY_TIMEOUT(); RELEASE() /* TR-RTX-6 */
  :: ROW(SYN_RECEIVED, ABORT) -> TO(CLOSED); SEND_RST(); NOTIFY_ABORTED(); RELEASE() /* TR-RST-5 */
  :: ROW(ESTABLISHED, RCV_ACK) -> TO(ESTABLISHED); PROCESS_ACK(); PROCESS_DATA() /* TR-DATA-2 */
  :: ROW(ESTABLISHED, PEER_FIN) -> TO(CLOSE_WAIT); SEND_ACK(); NOTIFY_PEER_CLOSED() /* TR-CLOSE-3 */
  :: ROW(ESTABLISHED, SEND) -> TO(ESTABLISHED); QUEUE_DATA() /* TR-DATA-1 */
  :: ROW(ESTABLISHED, CLOSE) -> TO(FIN_WAIT_1); QUEUE_FIN() /* TR-CLOSE-1 */
  :: ROW(ESTABLISHED, RCV_SYN) -> TO(ESTABLISHED); CHALLENGE_ACK() /* TR-SEC-INJ-2 */
  :: ROW(ESTABLISHED, RCV_SYN_ACK) -> TO(ESTABLISHED); CHALLENGE_ACK() /* TR-SEC-INJ-2 */
  :: ROW(ESTABLISHED, RCV_RST_NEAR) -> TO(ESTABLISHED); CHALLENGE_ACK() /* TR-RST-3 */
  :: ROW(ESTABLISHED, RCV_BAD_ACK) -> TO(ESTABLISHED); CHALLENGE_ACK() /* TR-SEC-INJ-3 */
  :: ROW(ESTABLISHED, RCV_UNACCEPTABLE) -> TO(ESTABLISHED); CHALLENGE_ACK() /* TR-RCV-2 */
  :: ROW(ESTABLISHED, RCV_RST) -> TO(CLOSED); NOTIFY_RESET(); RELEASE() /* TR-RST-1 */
  :: ROW(ESTABLISHED, ABORT) -> TO(CLOSED); SEND_RST(); NOTIFY_ABORTED(); RELEASE() /* TR-RST-5 */
  :: ROW(ESTABLISHED, IDLE_TIMEOUT) -> TO(CLOSED); SEND_RST(); NOTIFY_TIMEOUT(); RELEASE() /* TR-KEEP-3 */
  :: ROW(ESTABLISHED, KEEPALIVE) -> TO(ESTABLISHED); SEND_KEEPALIVE() /* TR-KEEP-1 */
  :: ROW(ESTABLISHED, RTO) -> TO(ESTABLISHED); RETRANSMIT() /* TR-RTX-4 */
  :: ROW(ESTABLISHED, RTO_EXHAUSTED) -> TO(CLOSED); SEND_RST(); NOTIFY_TIMEOUT(); RELEASE() /* TR-RTX-6 */
  :: ROW(FIN_WAIT_1, RCV_ACK) -> TO(FIN_WAIT_1); PROCESS_ACK(); PROCESS_DATA() /* TR-DATA-2 */
  :: ROW(FIN_WAIT_1, FIN_ACKED) -> TO(FIN_WAIT_2) /* TR-CLOSE-2 */
  :: ROW(FIN_WAIT_1, PEER_FIN) -> TO(CLOSING); SEND_ACK(); NOTIFY_PEER_CLOSED() /* TR-CLOSE-3 */
  :: ROW(FIN_WAIT_1, RCV_SYN) -> TO(FIN_WAIT_1); CHALLENGE_ACK() /* TR-SEC-INJ-2 */
  :: ROW(FIN_WAIT_1, RCV_SYN_ACK) -> TO(FIN_WAIT_1); CHALLENGE_ACK() /* TR-SEC-INJ-2 */
  :: ROW(FIN_WAIT_1, RCV_RST_NEAR) -> TO(FIN_WAIT_1); CHALLENGE_ACK() /* TR-RST-3 */
  :: ROW(FIN_WAIT_1, RCV_BAD_ACK) -> TO(FIN_WAIT_1); CHALLENGE_ACK() /* TR-SEC-INJ-3 */
  :: ROW(FIN_WAIT_1, RCV_UNACCEPTABLE) -> TO(FIN_WAIT_1); CHALLENGE_ACK() /* TR-RCV-2 */
  :: ROW(FIN_WAIT_1, RCV_RST) -> TO(CLOSED); NOTIFY_RESET(); RELEASE() /* TR-RST-1 */
  :: ROW(FIN_WAIT_1, ABORT) -> TO(CLOSED); SEND_RST(); NOTIFY_ABORTED(); RELEASE() /* TR-RST-5 */
  :: ROW(FIN_WAIT_1, IDLE_TIMEOUT) -> TO(CLOSED); SEND_RST(); NOTIFY_TIMEOUT(); RELEASE() /* TR-KEEP-3 */
  :: ROW(FIN_WAIT_1, KEEPALIVE) -> TO(FIN_WAIT_1); SEND_KEEPALIVE() /* TR-KEEP-1 */
  :: ROW(FIN_WAIT_1, RTO) -> TO(FIN_WAIT_1); RETRANSMIT() /* TR-RTX-4 */
  :: ROW(FIN_WAIT_1, RTO_EXHAUSTED) -> TO(CLOSED); SEND_RST(); NOTIFY_TIMEOUT(); RELEASE() /* TR-RTX-6 */
  :: ROW(FIN_WAIT_2, RCV_ACK) -> TO(FIN_WAIT_2); PROCESS_ACK(); PROCESS_DATA() /* TR-DATA-2 */
  :: ROW(FIN_WAIT_2, PEER_FIN) -> TO(TIME_WAIT); SEND_ACK(); NOTIFY_PEER_CLOSED(); NOTIFY_CLOSED(); START_TIME_WAIT() /* TR-CLOSE-4 */
  :: ROW(FIN_WAIT_2, RCV_SYN) -> TO(FIN_WAIT_2); CHALLENGE_ACK() /* TR-SEC-INJ-2 */
  :: ROW(FIN_WAIT_2, RCV_SYN_ACK) -> TO(FIN_WAIT_2); CHALLENGE_ACK() /* TR-SEC-INJ-2 */
  :: ROW(FIN_WAIT_2, RCV_RST_NEAR) -> TO(FIN_WAIT_2); CHALLENGE_ACK() /* TR-RST-3 */
  :: ROW(FIN_WAIT_2, RCV_BAD_ACK) -> TO(FIN_WAIT_2); CHALLENGE_ACK() /* TR-SEC-INJ-3 */
  :: ROW(FIN_WAIT_2, RCV_UNACCEPTABLE) -> TO(FIN_WAIT_2); CHALLENGE_ACK() /* TR-RCV-2 */
  :: ROW(FIN_WAIT_2, RCV_RST) -> TO(CLOSED); NOTIFY_RESET(); RELEASE() /* TR-RST-1 */
  :: ROW(FIN_WAIT_2, ABORT) -> TO(CLOSED); SEND_RST(); NOTIFY_ABORTED(); RELEASE() /* TR-RST-5 */
  :: ROW(FIN_WAIT_2, IDLE_TIMEOUT) -> TO(CLOSED); SEND_RST(); NOTIFY_TIMEOUT(); RELEASE() /* TR-KEEP-3 */
  :: ROW(FIN_WAIT_2, KEEPALIVE) -> TO(FIN_WAIT_2); SEND_KEEPALIVE() /* TR-KEEP-1 */
  :: ROW(CLOSING, RCV_ACK) -> TO(CLOSING); PROCESS_ACK() /* TR-DATA-2 */
  :: ROW(CLOSING, FIN_ACKED) -> TO(TIME_WAIT); NOTIFY_CLOSED(); START_TIME_WAIT() /* TR-CLOSE-4 */
  :: ROW(CLOSING, RCV_SYN) -> TO(CLOSING); CHALLENGE_ACK() /* TR-SEC-INJ-2 */
  :: ROW(CLOSING, RCV_SYN_ACK) -> TO(CLOSING); CHALLENGE_ACK() /* TR-SEC-INJ-2 */
  :: ROW(CLOSING, RCV_RST_NEAR) -> TO(CLOSING); CHALLENGE_ACK() /* TR-RST-3 */
  :: ROW(CLOSING, RCV_BAD_ACK) -> TO(CLOSING); CHALLENGE_ACK() /* TR-SEC-INJ-3 */
  :: ROW(CLOSING, RCV_UNACCEPTABLE) -> TO(CLOSING); CHALLENGE_ACK() /* TR-RCV-2 */
  :: ROW(CLOSING, RCV_RST) -> TO(CLOSED); NOTIFY_RESET(); RELEASE() /* TR-RST-1 */
  :: ROW(CLOSING, ABORT) -> TO(CLOSED); SEND_RST(); NOTIFY_ABORTED(); RELEASE() /* TR-RST-5 */
  :: ROW(CLOSING, IDLE_TIMEOUT) -> TO(CLOSED); SEND_RST(); NOTIFY_TIMEOUT(); RELEASE() /* TR-KEEP-3 */
  :: ROW(CLOSING, KEEPALIVE) -> TO(CLOSING); SEND_KEEPALIVE() /* TR-KEEP-1 */
  :: ROW(CLOSING, RTO) -> TO(CLOSING); RETRANSMIT() /* TR-RTX-4 */
  :: ROW(CLOSING, RTO_EXHAUSTED) -> TO(CLOSED); SEND_RST(); NOTIFY_TIMEOUT(); RELEASE() /* TR-RTX-6 */
  :: ROW(CLOSE_WAIT, RCV_ACK) -> TO(CLOSE_WAIT); PROCESS_ACK() /* TR-DATA-2 */
  :: ROW(CLOSE_WAIT, SEND) -> TO(CLOSE_WAIT); QUEUE_DATA() /* TR-DATA-1 */
  :: ROW(CLOSE_WAIT, CLOSE) -> TO(LAST_ACK); QUEUE_FIN() /* TR-CLOSE-1 */
  :: ROW(CLOSE_WAIT, RCV_SYN) -> TO(CLOSE_WAIT); CHALLENGE_ACK() /* TR-SEC-INJ-2 */
  :: ROW(CLOSE_WAIT, RCV_SYN_ACK) -> TO(CLOSE_WAIT); CHALLENGE_ACK() /* TR-SEC-INJ-2 */
  :: ROW(CLOSE_WAIT, RCV_RST_NEAR) -> TO(CLOSE_WAIT); CHALLENGE_ACK() /* TR-RST-3 */
  :: ROW(CLOSE_WAIT, RCV_BAD_ACK) -> TO(CLOSE_WAIT); CHALLENGE_ACK() /* TR-SEC-INJ-3 */
  :: ROW(CLOSE_WAIT, RCV_UNACCEPTABLE) -> TO(CLOSE_WAIT); CHALLENGE_ACK() /* TR-RCV-2 */
  :: ROW(CLOSE_WAIT, RCV_RST) -> TO(CLOSED); NOTIFY_RESET(); RELEASE() /* TR-RST-1 */
  :: ROW(CLOSE_WAIT, ABORT) -> TO(CLOSED); SEND_RST(); NOTIFY_ABORTED(); RELEASE() /* TR-RST-5 */
  :: ROW(CLOSE_WAIT, IDLE_TIMEOUT) -> TO(CLOSED); SEND_RST(); NOTIFY_TIMEOUT(); RELEASE() /* TR-KEEP-3 */
  :: ROW(CLOSE_WAIT, KEEPALIVE) -> TO(CLOSE_WAIT); SEND_KEEPALIVE() /* TR-KEEP-1 */
  :: ROW(CLOSE_WAIT, RTO) -> TO(CLOSE_WAIT); RETRANSMIT() /* TR-RTX-4 */
  :: ROW(CLOSE_WAIT, RTO_EXHAUSTED) -> TO(CLOSED); SEND_RST(); NOTIFY_TIMEOUT(); RELEASE() /* TR-RTX-6 */
  :: ROW(LAST_ACK, RCV_ACK) -> TO(LAST_ACK); PROCESS_ACK() /* TR-DATA-2 */
  :: ROW(LAST_ACK, FIN_ACKED) -> TO(CLOSED); NOTIFY_CLOSED(); RELEASE() /* TR-CLOSE-2 */
  :: ROW(LAST_ACK, RCV_SYN) -> TO(LAST_ACK); CHALLENGE_ACK() /* TR-SEC-INJ-2 */
  :: ROW(LAST_ACK, RCV_SYN_ACK) -> TO(LAST_ACK); CHALLENGE_ACK() /* TR-SEC-INJ-2 */
  :: ROW(LAST_ACK, RCV_RST_NEAR) -> TO(LAST_ACK); CHALLENGE_ACK() /* TR-RST-3 */
  :: ROW(LAST_ACK, RCV_BAD_ACK) -> TO(LAST_ACK); CHALLENGE_ACK() /* TR-SEC-INJ-3 */
  :: ROW(LAST_ACK, RCV_UNACCEPTABLE) -> TO(LAST_ACK); CHALLENGE_ACK() /* TR-RCV-2 */
  :: ROW(LAST_ACK, RCV_RST) -> TO(CLOSED); NOTIFY_RESET(); RELEASE() /* TR-RST-1 */
  :: ROW(LAST_ACK, ABORT) -> TO(CLOSED); SEND_RST(); NOTIFY_ABORTED(); RELEASE() /* TR-RST-5 */
  :: ROW(LAST_ACK, IDLE_TIMEOUT) -> TO(CLOSED); SEND_RST(); NOTIFY_TIMEOUT(); RELEASE() /* TR-KEEP-3 */
  :: ROW(LAST_ACK, KEEPALIVE) -> TO(LAST_ACK); SEND_KEEPALIVE() /* TR-KEEP-1 */
  :: ROW(LAST_ACK, RTO) -> TO(LAST_ACK); RETRANSMIT() /* TR-RTX-4 */
  :: ROW(LAST_ACK, RTO_EXHAUSTED) -> TO(CLOSED); SEND_RST(); NOTIFY_TIMEOUT(); RELEASE() /* TR-RTX-6 */
  :: ROW(TIME_WAIT, RCV_UNACCEPTABLE) -> TO(TIME_WAIT); CHALLENGE_ACK(); START_TIME_WAIT() /* TR-CLOSE-5 */
  :: ROW(TIME_WAIT, RCV_SYN) -> TO(TIME_WAIT); CHALLENGE_ACK() /* TR-SEC-INJ-2 */
  :: ROW(TIME_WAIT, RCV_RST) -> TO(TIME_WAIT); DROP() /* TR-CLOSE-5 */
  :: ROW(TIME_WAIT, TIME_WAIT_EXPIRED) -> TO(CLOSED); RELEASE() /* TR-CLOSE-5 */
  :: ROW(TIME_WAIT, ABORT) -> TO(CLOSED); RELEASE() /* TR-RST-5 */
  :: else -> UNLISTED()
  fi
  fi
}

/* ---- segment classification (spec/transport.md section 7) [TR-RCV-1]; NO_INPUT drops (TR_OUT_OF_WINDOW) -- */
#ifdef ACCEPT_RIGHT_EDGE   /* the proposed fix (README.md, "Findings"): a zero-length segment may sit on the right edge */
#define ACCEPTABLE (SEQ_LEN == 0 -> IN(ss, rnxt[me], W + 1) : (IN(ss, rnxt[me], W) || IN(ss + SEQ_LEN - 1, rnxt[me], W)))
#else
#define ACCEPTABLE (SEQ_LEN == 0 -> IN(ss, rnxt[me], W) : (IN(ss, rnxt[me], W) || IN(ss + SEQ_LEN - 1, rnxt[me], W)))
#endif

inline classify() {
  if
  :: st[me] == CLOSED ->                   /* no connection [TR-DEMUX-1..4] */
     if
     :: sf & F_RST -> inp = RCV_RST
     :: else ->
        if
        :: (sf & F_SYN) && !(sf & F_ACK) -> inp = RCV_SYN
        :: (sf & F_SYN) && (sf & F_ACK) -> inp = RCV_SYN_ACK
        :: else -> inp = RCV_ACK
        fi
     fi
  :: st[me] == SYN_SENT ->                 /* rule 1 */
     if
     :: sf & F_RST ->
        if :: (sf & F_ACK) && sa == nxt[me] -> inp = RCV_RST :: else -> inp = NO_INPUT fi
     :: else ->
        if
        :: (sf & F_SYN) && !(sf & F_ACK) -> inp = RCV_SYN
        :: (sf & F_SYN) && (sf & F_ACK) && sa == nxt[me] -> inp = RCV_SYN_ACK
        :: else -> inp = RCV_BAD_ACK
        fi
     fi
  :: else ->
     if
     :: sf & F_RST ->                      /* rule 2 [TR-RST-2] */
        if
        :: ss == rnxt[me] -> inp = RCV_RST
        :: else ->
#ifdef BROKEN_RST_ANY_SEQ
           inp = RCV_RST                     /* broken variant: an RST is accepted at any seq_num */
#else
           if :: IN(ss, rnxt[me], W) -> inp = RCV_RST_NEAR :: else -> inp = NO_INPUT fi
#endif
        fi
     :: else ->
        if
        :: (sf & F_SYN) && !(sf & F_ACK) -> inp = RCV_SYN      /* rule 3 */
        :: (sf & F_SYN) && (sf & F_ACK) ->
           if :: st[me] == SYN_RECEIVED && sa != nxt[me] -> inp = RCV_BAD_ACK :: else -> inp = RCV_SYN_ACK fi
        :: else ->
           if
           :: st[me] == SYN_RECEIVED && sa != nxt[me] -> inp = RCV_BAD_ACK       /* rule 4 */
#ifdef BROKEN_NO_ACCEPTABILITY
           :: else -> if :: LT(nxt[me], sa) -> inp = RCV_BAD_ACK :: else -> inp = RCV_ACK fi
#else
           :: else ->
              if
              :: !ACCEPTABLE -> inp = RCV_UNACCEPTABLE                             /* rule 5 */
              :: else -> if :: LT(nxt[me], sa) -> inp = RCV_BAD_ACK :: else -> inp = RCV_ACK fi   /* 6, 7 */
              fi
#endif
           fi
        fi
     fi
  fi
}

#define SENDING (st[me] == ESTABLISHED || st[me] == FIN_WAIT_1 || st[me] == CLOSING || st[me] == CLOSE_WAIT \
                 || st[me] == LAST_ACK)

/* One input and then the events it raised, in order, then what the windows allow [TR-SM-1]. */
inline step() {
  evFA = false; evPF = false;
  if
  :: inp == RCV_ACK || inp == RCV_SYN_ACK || inp == RCV_UNACCEPTABLE -> kaun[me] = false   /* [TR-KEEP-2] */
  :: else
  fi;
  do
  :: inp == NO_INPUT -> break
  :: else ->
     printf("MSC: %c ", (me == 0 -> 'A' : 'B')); printm(st[me]); printf(" <- "); printm(inp); printf("\n");
     machine();
     if
     :: evFA && st[me] != CLOSED -> evFA = false; inp = FIN_ACKED
     :: else ->
        if
        :: evPF && st[me] != CLOSED -> evPF = false; inp = PEER_FIN
        :: else -> inp = NO_INPUT
        fi
     fi
  od;
  if
  :: SENDING ->                          /* transmit pending: data, then the FIN, inside SND.WND */
     do
     :: LT(nxt[me], STREAM_END) && D(nxt[me], una[me]) < W ->
        hp = MY_PAY(nxt[me]); emit(F_DAT | F_ACK, nxt[me], rnxt[me], hp); nxt[me] = M(nxt[me] + 1)
     :: else -> break
     od;
     if
     :: finq[me] && nxt[me] == STREAM_END && D(nxt[me], una[me]) < W ->
        emit(F_FIN | F_ACK, nxt[me], rnxt[me], 0); nxt[me] = M(nxt[me] + 1)
     :: else
     fi
  :: else
  fi
}

inline receive() {                 /* any segment in flight: reordering; keeping a copy: duplication */
  pick(me); sg = bag[me].seg[hk];
  if
  :: take(me)
  :: duped < K_DUP -> duped++
  fi;
  sf = S_FL(sg); ss = S_SEQ(sg); sa = S_ACK(sg); sp = S_PAY(sg);
  classify()
}

#define RTO_LIMIT ((st[me] == SYN_SENT || st[me] == SYN_RECEIVED) -> MAX_SYN_RTX : MAX_RTX)
#define IDLE ((st[me] == ESTABLISHED || st[me] == FIN_WAIT_1 || st[me] == FIN_WAIT_2 || st[me] == CLOSING \
               || st[me] == CLOSE_WAIT || st[me] == LAST_ACK) && una[me] == nxt[me])
#ifdef TIMELY
/* The long timers outlast the peer's retransmissions (RTO <= 7 s within MAX_RTX = 2 from initial_rto = 1 s):
   keepalive (15 s) and idle_timeout (60 s) [TR-KEEP-1] [TR-KEEP-3], time_wait >= 2 x max_rto [TR-CLOSE-5]. */
#define PEER_QUIET (st[PEER] == CLOSED || una[PEER] == nxt[PEER])
#define KA_DUE PEER_QUIET
#define IDLE_DUE (PEER_QUIET && kaun[me])    /* and idle_timeout outlasts keepalive: a probe went unanswered */
#define TW_DUE PEER_QUIET
#else
#define KA_DUE true
#define IDLE_DUE true
#define TW_DUE true
#endif
#define USER_STATE (st[me] == ESTABLISHED || st[me] == CLOSE_WAIT)

proctype End(bit me) {
  if
  :: me == 0 ->                            /* connect() then send() */
     atomic {
       inp = CONNECT; mine[me] = true; step();
       inp = SEND; step()
     }
  :: else
  fi;
loop:
  if
  :: st[me] == CLOSED -> goto closed
  :: else
  fi;
  /* a synchronising or synchronised record: segments, the user, timers */
  atomic {
    if
    :: bag[me].n > 0 -> receive()
    :: me == 1 && mine[me] && !usent[me] && USER_STATE -> usent[me] = true; inp = SEND
    :: !uclosed[me] && !uaborted[me] && USER_STATE && (me == 0 || usent[me]) -> uclosed[me] = true; inp = CLOSE
#ifdef CLOSE_IN_SYN_SENT
    :: me == 0 && !uclosed[me] && st[me] == SYN_SENT -> uclosed[me] = true; inp = CLOSE
#endif
    :: ABORT_BY == me && mine[me] && !uaborted[me] -> uaborted[me] = true; inp = ABORT
    :: una[me] != nxt[me] && TIMER ->
       rtx[me]++;
       if :: rtx[me] > RTO_LIMIT -> inp = RTO_EXHAUSTED :: else -> inp = RTO fi
    :: st[me] == TIME_WAIT && TW_DUE && TIMER -> inp = TIME_WAIT_EXPIRED
    :: IDLE && ka[me] < KA_MAX && KA_DUE && TIMER -> inp = KEEPALIVE
    :: IDLE && IDLE_DUE && TIMER -> inp = IDLE_TIMEOUT
    fi;
    step()
  };
  goto loop;
closed:
  /* no record: the endpoint answers segments for no connection (B's listener stays registered) */
end_closed:
  atomic { bag[me].n > 0 -> receive(); step() };
  goto loop
}

init {
  atomic { run End(1); run End(0) }
}

/* ---- properties --------------------------------------------------------------------------------------------- */
#define ALL_CLOSED (st[0] == CLOSED && st[1] == CLOSED)
#define A_REPORTED (why[0] != TR_NONE)
#define COMPLETE (ALL_CLOSED && why[0] == TR_CLOSED && why[1] == TR_CLOSED && gotA == (1 << N_A) - 1 \
                  && peerclosed[0] && peerclosed[1])

/* Both ends end up closed, and stay so. */
ltl closes { <> [] ALL_CLOSED }
/* The opener's user is told the outcome: the open completes or fails with a reported reason. */
ltl opener_told { <> A_REPORTED }
/* Within the loss bound (TIMELY, K_LOSS < MAX_RTX): everything is delivered and both ends close normally. */
ltl completes { <> COMPLETE }

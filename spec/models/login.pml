/*
 * Parley chat login: a Promela model of one user's logins to one server, with an active attacker who owns
 * the network, checked with spin. Normative sources: spec/state-machines/login-client.yaml and
 * login-server.yaml (states, inputs, rows, unlisted rules) and spec/chat.md sections 5-11 and 13.
 * spec/models/README.md explains the abstractions, the bounds, the variants and the results.
 *
 * Principals. The server S (key KS) has three connection records: connection 0 carries Alice's first login
 * (client run 0), connection 1 her second login when she makes it to S, connection 2 is the attacker's own
 * connection (the attacker plays the client there). Alice's run 0 pins KS; her run 1 pins KS (a second
 * honest session with S) or, chosen at the start, KE: a server whose private key the attacker holds (an
 * impostor she was given the key of, or a compromised server she also uses). The attacker sees every
 * message, drops (K_DROP), and delivers to any connection end any message it has seen or can build from
 * what it knows (K_INJ): replays, reordering, splices from the other session, forgeries of what it can seal.
 *
 * Crypto is symbolic. Nonces and login secrets are distinct tokens; a cookie is valid only as S minted it
 * (the MAC binds server nonce, client nonce and the connection's address); a wrapped secret opens only with
 * the private key it was wrapped to; a sealed message opens only under the keys of its transcript `d`
 * (login secret and th1), and whoever knows the login secret of `d` can seal and open under it; a signature
 * of Alice's key is a term sig(x) that only Alice makes. th1 and th2 are represented by the descriptor
 * d = (client nonce, server nonce, server key, login secret): in this model every other field of the
 * transcript is a function of those (one user, one envelope, EnvelopeResponse fixed by d).
 *
 * Both machines are written one YAML row per line:
 *     :: CROW(from, input) -> CTO(to); OUTPUT(); OUTPUT() (slash-star) req (star-slash)    (client)
 *     :: SROW(from, input) -> STO(to); ...                                                  (server)
 * (guarded rows: CROWG / SROWG with the guard as third argument); PromelaModelTest checks every such line
 * against the YAML. A reception with no row is an assertion failure unless it is one of the reviewed
 * unlisted pairs, where the YAML's unlisted rule (DROP) applies.
 *
 * Variants (spin -D...): SAME_ADDR (the attacker's connection comes from Alice's address) and SECOND_TO_S
 * (Alice's second login goes to S too) widen the checked configurations. NO_TH_BINDING (the proof signs a
 * constant instead of th2) and NO_REPLAY_CACHE with SAME_ADDR (no replay cache) are deliberately broken
 * protocols: spin must find the splice, respectively the replay, in them.
 */

/* ---- bounds (override with spin -D...) --------------------------------------------------------------- */
#ifndef K_INJ
#define K_INJ 1          /* messages the attacker delivers into Alice's sessions (replays, splices, forgeries) */
#endif
#ifndef K_END
#define K_END 1          /* endings before their time: timers, logouts, resets, injected errors and junk */
#endif
#ifndef K_DROP
#define K_DROP 1         /* honest messages the attacker drops */
#endif
#ifndef MAXNS
#define MAXNS 3          /* cookies S mints in one run (server nonces 1..MAXNS) */
#endif
#ifndef H_MAX
#define H_MAX 2          /* the ClientHello on one connection that is one too many (4 + 1 in the spec) */
#endif
#ifndef MAX_BAD
#define MAX_BAD 2        /* max_bad_records (8 in the spec) */
#endif
#define BOX 2            /* messages in flight towards one connection end (a set: equal messages merge) */

/* ---- tokens -------------------------------------------------------------------------------------------- */
#define NC_A0 0          /* client nonces: Alice's runs 0 and 1, the attacker's */
#define NC_A1 1
#define NC_E  2
#define NS_E  0          /* the server nonce in a cookie the attacker made up (S never minted it) */
#define KS 0             /* server keys: S's, the attacker's */
#define KE 1
#define LS_A0 0          /* login secrets: Alice's runs, the attacker's, S's implicit-rejection secret */
#define LS_A1 1
#define LS_E  2
#define LS_REJ 3
#define ENV_ALICE 0      /* EnvelopeResponse content: Alice's envelope, another envelope, bad parameters */
#define ENV_OTHER 1
#define ENV_BADPAR 2
#define SIG_CONST 256    /* signature terms: sig(d) for d in 0..255, sig(constant), garbage */
#define SIG_JUNK 257
#define D_JUNK 255       /* a sealed message under keys nobody in the model holds: it opens nowhere */

#define DESC(nc, ns, k, ls) ((nc) | ((ns) << 2) | ((k) << 5) | ((ls) << 6))
#define D_NC(d) ((d) & 3)
#define D_NS(d) (((d) >> 2) & 7)
#define D_K(d)  (((d) >> 5) & 1)
#define D_LS(d) (((d) >> 6) & 3)

#ifdef NO_TH_BINDING
#define SIG_OF(d) SIG_CONST
#else
#define SIG_OF(d) (d)    /* [CH-POP-1] the proof signs th2 */
#endif

/* ---- messages: kind in bits 0-3, fields above ------------------------------------------------------------ */
#define M_HELLO 1        /* nc */
#define M_CHALLENGE 2    /* key, ns, too hard */
#define M_LOGINREQ 3     /* nc, ns, wrapped (key, ls) */
#define M_ENVRESP 4      /* d, env */
#define M_PROOF 5        /* d, sig */
#define M_WELCOME 6      /* d */
#define M_ERROR 7
#define M_RECORD 8       /* a SessionRecord: valid (sealed by the client) or not */
#define M_MALFORMED 9    /* fails [CH-MSG-3] before the state check */
#define MSG(k, f) ((k) | ((f) << 4))
#define M_KIND(m) ((m) & 15)
#define M_F(m) ((m) >> 4)
#define HELLO(nc) MSG(M_HELLO, nc)
#define CHAL(k, ns, hard) MSG(M_CHALLENGE, (k) | ((ns) << 1) | ((hard) << 4))
#define CH_K(f) ((f) & 1)
#define CH_NS(f) (((f) >> 1) & 7)
#define CH_HARD(f) (((f) >> 4) & 1)
#define LREQ(nc, ns, k, ls) MSG(M_LOGINREQ, DESC(nc, ns, k, ls))   /* the wrapped secret: key k, secret ls */
#define ENVR(d, env) MSG(M_ENVRESP, (d) | ((env) << 8))
#define ER_D(f) ((f) & 255)
#define ER_ENV(f) ((f) >> 8)
#define PROOF(d, sig) MSG(M_PROOF, (d) | ((sig) << 8))
#define PR_D(f) ((f) & 255)
#define PR_SIG(f) ((f) >> 8)
#define WELC(d) MSG(M_WELCOME, d)
#define ERRM MSG(M_ERROR, 0)
#define REC(valid) MSG(M_RECORD, valid)
#define MALF MSG(M_MALFORMED, 0)

/* ---- client machine (login-client.yaml) ------------------------------------------------------------------ */
#define C_START 0
#define C_AWAIT_CHALLENGE 1
#define C_AWAIT_ENVELOPE 2
#define C_AWAIT_WELCOME 3
#define C_ESTABLISHED 4
#define C_CLOSED 5
#define CI_BEGIN 0
#define CI_REQUEST 1
#define CI_LOGOUT 2
#define CI_RCV_CHALLENGE 3
#define CI_RCV_ENVELOPE 4
#define CI_RCV_WELCOME 5
#define CI_RCV_RECORD 6
#define CI_RCV_ERROR 7
#define CI_RCV_UNEXPECTED 8
#define CI_RCV_MALFORMED 9
#define CI_LOGIN_TIMER 10
#define CI_HEARTBEAT_TIMER 11
#define CI_CONNECTION_CLOSED 12
#define CI_NONE 13

/* ---- server machine (login-server.yaml) ------------------------------------------------------------------ */
#define S_OPEN 0
#define S_AWAIT_PROOF 1
#define S_ESTABLISHED 2
#define S_CLOSED 3
#define SI_RCV_HELLO 0
#define SI_RCV_LOGIN_REQUEST 1
#define SI_RCV_PROOF 2
#define SI_RCV_RECORD 3
#define SI_RCV_UNEXPECTED 4
#define SI_RCV_MALFORMED 5
#define SI_LOGIN_TIMER 6
#define SI_EXPIRY_TIMER 7
#define SI_REPLACED 8
#define SI_CONNECTION_CLOSED 9

/* ---- the state ------------------------------------------------------------------------------------------ */
typedef Box { int m[BOX]; byte n };
Box cbox[2];             /* in flight towards Alice's run j */
Box sbox[3];             /* in flight towards S's connection i */

/* Alice's runs */
byte cst[2];             /* state (C_...) */
bit pin[2];              /* the pinned server key */
byte cd[2];              /* the transcript descriptor once the LoginRequest is sent */
bit sentHello[2], sentLreq[2], sentProof[2], sentLogout[2];   /* sentLogout: the logout record */
bit matched[2];          /* a server connection accepted this run's proof (injective agreement) */
bit cpeerClosed[2];      /* the connection was closed or reset by the server side */

/* S's connections */
byte sst[3];             /* state (S_...) */
byte sd[3];              /* the transcript descriptor once a LoginRequest is accepted */
byte hellos[3];          /* ClientHellos received on the connection */
byte bad[3];             /* bad records in the session */
bit sentEnv[3], sentWel[3];
bit speerClosed[3];      /* the connection was closed or reset by the client side */
bit replaced[3];         /* a newer session of Alice replaces this one: REPLACED pending */

/* S's cookies and replay cache, and the attacker */
byte nsN;                /* cookies minted so far: server nonces 1..nsN */
byte mNC[MAXNS + 1];     /* the client nonce a cookie was minted for */
byte mAddr[MAXNS + 1];   /* the connection address a cookie was minted for */
byte used;               /* replay cache: bit ns set once a cookie was accepted [CH-REPLAY-1] */
byte inj, drops, ends;   /* attacker actions and early endings spent */

/* scratch of the running atomic step, kept out of the state vector */
hidden int msg;
hidden byte me, cin, sinp, hi, hk, ht, hw;
hidden byte ok;
hidden byte side;                /* which machine runs: CLIENT or SERVER */
#define CLIENT 0
#define SERVER 1

/* ---- addresses: connection i's client address; SAME_ADDR gives the attacker's connection the address of
   Alice's connection 0 (an on-path attacker that uses her endpoint, or her endpoint reused) ------------- */
#ifdef SAME_ADDR
#define ADDR(i) ((i) == 2 -> 0 : (i))
#else
#define ADDR(i) (i)
#endif
#define CONN_OF_RUN(j) (j)  /* Alice's run j talks to connection j when it pins KS */
#define TO_S(j) (pin[j] == KS)

/* ---- what the attacker knows ------------------------------------------------------------------------- */
#define KNOWS_NC(n) ((n) == NC_E || ((n) < 2 && sentHello[n]))
/* a login secret: its own, or one Alice wrapped to KE */
#define KNOWS_LS(l) ((l) == LS_E || ((l) == LS_A1 && sentLreq[1] && pin[1] == KE) \
                     || ((l) == LS_A0 && sentLreq[0] && pin[0] == KE))
/* Alice's envelope: S sent it under a secret the attacker knows */
#define KNOWS_ENV ((sentEnv[0] && KNOWS_LS(D_LS(sd[0]))) || (sentEnv[1] && KNOWS_LS(D_LS(sd[1]))) \
                   || (sentEnv[2] && KNOWS_LS(D_LS(sd[2]))))
/* Alice's signature of run j: opened from her sealed Proof */
#define KNOWS_SIG(j) (sentProof[j] && KNOWS_LS(D_LS(cd[j])))

/* ---- boxes ----------------------------------------------------------------------------------------------- */
inline put(b, px) {      /* append px to the FIFO b; a full box drops it (a bound of the model) */
  if
  :: b.n < BOX -> b.m[b.n] = px; b.n++
  :: else -> skip
  fi
}
inline pick(b) {         /* hk := index of any message in b (reordering) */
  if
  :: hk = 0
  :: b.n > 1 -> hk = 1
  fi
}
inline take(b) {         /* msg := b.m[hk], removed */
  msg = b.m[hk];
  hi = hk;
  do
  :: hi + 1 < b.n -> b.m[hi] = b.m[hi + 1]; hi++
  :: else -> break
  od;
  b.n--;
  b.m[b.n] = 0
}

/* Honest sends: a message from run j goes to its connection when it pins KS, else to the attacker (who
   knows it from the sent flags); a message from connection i goes to Alice's run i when i < 2 and that run
   pins KS, else to the attacker. */
inline c_send(px) {
  if
  :: TO_S(me) -> put(sbox[CONN_OF_RUN(me)], px)
  :: else -> skip
  fi
}
inline s_send(px) {
  if
  :: me < 2 && TO_S(me) -> put(cbox[me], px)
  :: else -> skip
  fi
}

/* ---- client outputs --------------------------------------------------------------------------------------- */
/* the message being processed (msg) and the client's run (me) */
#define CG_KEY_MISMATCH (CH_K(M_F(msg)) != pin[me])                               /* [CH-PIN-2] */
#define CG_TOO_HARD (CH_HARD(M_F(msg)))                                           /* [CH-POW-3] */
#define CG_SEAL_FAILS ((M_KIND(msg) == M_ENVRESP -> ER_D(M_F(msg)) : PR_D(M_F(msg))) != cd[me])
#define CG_BODY_MALFORMED (M_KIND(msg) == M_ENVRESP && ER_ENV(M_F(msg)) == ENV_BADPAR)  /* [CH-ENV-3] */
#define CG_ENVELOPE_FAILS (ER_ENV(M_F(msg)) != ENV_ALICE)                         /* [CH-ENV-4] */
#define CG_RECORD_BAD (M_F(msg) == 0)

inline SEND_HELLO() { sentHello[me] = 1; c_send(HELLO(me)) }
inline ARM_LOGIN_TIMER() { skip }         /* the timer may fire in any waiting state (see the loop) */
inline SEND_LOGIN_REQUEST() {             /* [CH-KEX-1]: the secret wrapped to the pinned key */
  cd[me] = DESC(me, CH_NS(M_F(msg)), pin[me], me);
  sentLreq[me] = 1;
  c_send(LREQ(me, CH_NS(M_F(msg)), pin[me], me))
}
inline SEND_PROOF() {
  /* [CH-INV-1] a client pinned to S sends its proof only after S opened this very login's secret */
  assert(pin[me] != KS || (sentEnv[0] && sd[0] == cd[me]) || (sentEnv[1] && sd[1] == cd[me])
         || (sentEnv[2] && sd[2] == cd[me]));
  sentProof[me] = 1;
  c_send(PROOF(cd[me], SIG_OF(cd[me])))
}
inline NOTIFY_ESTABLISHED() {
  /* [CH-PIN-3] a client pinned to S is established only with an S connection of this very transcript */
  assert(pin[me] != KS || (sentWel[0] && sd[0] == cd[me]) || (sentWel[1] && sd[1] == cd[me])
         || (sentWel[2] && sd[2] == cd[me]))
}
inline ARM_HEARTBEAT() { skip }
inline FAIL() { c_close() }
inline SEND_LOGOUT() { sentLogout[me] = 1; c_send(REC(1)) }
inline SEND_REQUEST() { skip }            /* not modelled: the session's requests are not the login's */
inline SEND_HEARTBEAT() { skip }
inline NOTIFY_ENDED() { skip }
inline DELIVER() { skip }
inline REJECT() { assert(false) }         /* the modelled user never makes a refused call */
inline IGNORE() { skip }
inline c_close() {                        /* the client closes its end: S's connection learns it */
  if
  :: TO_S(me) -> speerClosed[CONN_OF_RUN(me)] = 1
  :: else -> skip
  fi
}
inline s_close() {                        /* S closes the connection: Alice's run learns it */
  if
  :: me < 2 && TO_S(me) -> cpeerClosed[me] = 1
  :: else -> skip
  fi
}

inline CLOSE() {                         /* both machines: close this end of the connection */
  if
  :: side == CLIENT -> c_close()
  :: else -> s_close()
  fi
}
inline DROP() {                          /* both machines: drop, counted; a bad record counts towards CH-REC-2 */
  if
  :: side == SERVER && sinp == SI_RCV_RECORD && sst[me] == S_ESTABLISHED -> bad[me]++
  :: else -> skip
  fi
}

#define CTO(s) cst[me] = C_##s
#define CROW(s, i) (cst[me] == C_##s && cin == CI_##i)
#define CROWG(s, i, g) (cst[me] == C_##s && cin == CI_##i && CG_##g)

/* Unlisted pairs the model reaches, reviewed: a message after the login (ESTABLISHED: not a record) or
   after the end (CLOSED) is dropped by the YAML's unlisted rule [CH-REC-1]. */
#define C_REVIEWED_UNLISTED ((cst[me] == C_ESTABLISHED || cst[me] == C_CLOSED) \
                             && cin >= CI_RCV_CHALLENGE && cin <= CI_RCV_MALFORMED)

inline c_unlisted() {
  if
  :: !C_REVIEWED_UNLISTED ->
     printf("MSC: unspecified reception: client %d state %d input %d\n", me, cst[me], cin);
     assert(false)
  :: else -> DROP()                       /* CH-REC-1 */
  fi
}

inline client_machine() {
  if
  :: CROW(START, BEGIN) -> CTO(AWAIT_CHALLENGE); SEND_HELLO(); ARM_LOGIN_TIMER() /* CH-HELLO-2 */
  :: CROWG(AWAIT_CHALLENGE, RCV_CHALLENGE, KEY_MISMATCH) -> CTO(CLOSED); FAIL() /* CH-PIN-2 */
  :: CROWG(AWAIT_CHALLENGE, RCV_CHALLENGE, TOO_HARD) -> CTO(CLOSED); FAIL() /* CH-POW-3 */
  :: else ->
  if
  :: CROW(AWAIT_CHALLENGE, RCV_CHALLENGE) -> CTO(AWAIT_ENVELOPE); SEND_LOGIN_REQUEST() /* CH-KEX-1 */
  :: CROWG(AWAIT_ENVELOPE, RCV_ENVELOPE, SEAL_FAILS) -> CTO(CLOSED); FAIL() /* CH-PIN-3 */
  :: else ->
  if
  :: CROWG(AWAIT_ENVELOPE, RCV_ENVELOPE, BODY_MALFORMED) -> CTO(CLOSED); FAIL() /* CH-ENV-3 */
  :: else ->
  if
  :: CROWG(AWAIT_ENVELOPE, RCV_ENVELOPE, ENVELOPE_FAILS) -> CTO(CLOSED); FAIL() /* CH-ENV-4 */
  :: else ->
  if
  :: CROW(AWAIT_ENVELOPE, RCV_ENVELOPE) -> CTO(AWAIT_WELCOME); SEND_PROOF() /* CH-POP-1 */
  :: CROWG(AWAIT_WELCOME, RCV_WELCOME, SEAL_FAILS) -> CTO(CLOSED); FAIL() /* CH-PIN-3 */
  :: CROWG(AWAIT_WELCOME, RCV_WELCOME, BODY_MALFORMED) -> CTO(CLOSED); FAIL() /* CH-MSG-3 */
  :: else ->
  if
  :: CROW(AWAIT_WELCOME, RCV_WELCOME) -> CTO(ESTABLISHED); NOTIFY_ESTABLISHED(); ARM_HEARTBEAT() /* CH-CLI-2 */
  :: CROW(AWAIT_CHALLENGE, RCV_ERROR) -> CTO(CLOSED); FAIL() /* CH-ERR-1 */
  :: CROW(AWAIT_ENVELOPE, RCV_ERROR) -> CTO(CLOSED); FAIL() /* CH-ERR-1 */
  :: CROW(AWAIT_WELCOME, RCV_ERROR) -> CTO(CLOSED); FAIL() /* CH-ERR-1 */
  :: CROW(AWAIT_CHALLENGE, RCV_UNEXPECTED) -> CTO(CLOSED); FAIL() /* CH-MSG-3 */
  :: CROW(AWAIT_ENVELOPE, RCV_UNEXPECTED) -> CTO(CLOSED); FAIL() /* CH-MSG-3 */
  :: CROW(AWAIT_WELCOME, RCV_UNEXPECTED) -> CTO(CLOSED); FAIL() /* CH-MSG-3 */
  :: CROW(AWAIT_CHALLENGE, RCV_MALFORMED) -> CTO(CLOSED); FAIL() /* CH-MSG-3 */
  :: CROW(AWAIT_ENVELOPE, RCV_MALFORMED) -> CTO(CLOSED); FAIL() /* CH-MSG-3 */
  :: CROW(AWAIT_WELCOME, RCV_MALFORMED) -> CTO(CLOSED); FAIL() /* CH-MSG-3 */
  :: CROW(AWAIT_CHALLENGE, LOGIN_TIMER) -> CTO(CLOSED); FAIL() /* CH-CLI-1 */
  :: CROW(AWAIT_ENVELOPE, LOGIN_TIMER) -> CTO(CLOSED); FAIL() /* CH-CLI-1 */
  :: CROW(AWAIT_WELCOME, LOGIN_TIMER) -> CTO(CLOSED); FAIL() /* CH-CLI-1 */
  :: CROW(AWAIT_CHALLENGE, CONNECTION_CLOSED) -> CTO(CLOSED); FAIL() /* CH-CLI-1 */
  :: CROW(AWAIT_ENVELOPE, CONNECTION_CLOSED) -> CTO(CLOSED); FAIL() /* CH-CLI-1 */
  :: CROW(AWAIT_WELCOME, CONNECTION_CLOSED) -> CTO(CLOSED); FAIL() /* CH-CLI-1 */
  :: CROW(AWAIT_CHALLENGE, LOGOUT) -> CTO(CLOSED); CLOSE() /* CH-OUT-1 */
  :: CROW(AWAIT_ENVELOPE, LOGOUT) -> CTO(CLOSED); CLOSE() /* CH-OUT-1 */
  :: CROW(AWAIT_WELCOME, LOGOUT) -> CTO(CLOSED); CLOSE() /* CH-OUT-1 */
  :: CROWG(ESTABLISHED, RCV_RECORD, RECORD_BAD) -> CTO(ESTABLISHED); DROP() /* CH-SEQ-2 */
  :: else ->
  if
  :: CROW(ESTABLISHED, RCV_RECORD) -> CTO(ESTABLISHED); DELIVER() /* CH-REQ-5 */
  :: CROW(ESTABLISHED, REQUEST) -> CTO(ESTABLISHED); SEND_REQUEST() /* CH-REQ-1 */
  :: CROW(ESTABLISHED, HEARTBEAT_TIMER) -> CTO(ESTABLISHED); SEND_HEARTBEAT() /* CH-PRES-2 */
  :: CROW(ESTABLISHED, LOGOUT) -> CTO(CLOSED); SEND_LOGOUT(); CLOSE() /* CH-OUT-1 */
  :: CROW(ESTABLISHED, CONNECTION_CLOSED) -> CTO(CLOSED); NOTIFY_ENDED() /* CH-PRES-5 */
  :: else -> c_unlisted()
  fi
  fi
  fi
  fi
  fi
  fi
  fi
}

inline c_classify() {                     /* the YAML's reading rules */
  if
  :: M_KIND(msg) == M_MALFORMED -> cin = CI_RCV_MALFORMED
  :: M_KIND(msg) == M_ERROR -> cin = CI_RCV_ERROR
  :: M_KIND(msg) == M_CHALLENGE && cst[me] == C_AWAIT_CHALLENGE -> cin = CI_RCV_CHALLENGE
  :: M_KIND(msg) == M_ENVRESP && cst[me] == C_AWAIT_ENVELOPE -> cin = CI_RCV_ENVELOPE
  :: M_KIND(msg) == M_WELCOME && cst[me] == C_AWAIT_WELCOME -> cin = CI_RCV_WELCOME
  :: M_KIND(msg) == M_RECORD && cst[me] == C_ESTABLISHED -> cin = CI_RCV_RECORD
  :: else -> cin = CI_RCV_UNEXPECTED
  fi
}

/* ---- server outputs --------------------------------------------------------------------------------------- */
/* check 2 of [CH-LOGIN-1]: the cookie's MAC over its server nonce, the message's client nonce and this
   connection's address [CH-COOKIE-2]; check 5: the replay cache [CH-REPLAY-1]; the other checks (freshness,
   work, name, rate, capacity) may fail too (UNMODELLED) */
#define COOKIE_OK (D_NS(M_F(msg)) >= 1 && D_NS(M_F(msg)) <= nsN && mNC[D_NS(M_F(msg))] == D_NC(M_F(msg)) \
                   && mAddr[D_NS(M_F(msg))] == ADDR(me))
#ifdef NO_REPLAY_CACHE
#define FRESH_NS true
#else
#define FRESH_NS ((used & (1 << D_NS(M_F(msg)))) == 0)
#endif
#define SG_TOO_MANY_HELLOS (hellos[me] + 1 >= H_MAX)                                 /* [CH-HELLO-4] */
#define SG_CHECK_FAILS (!(COOKIE_OK && FRESH_NS) || ok == 0)
#define SG_PROOF_FAILS (PR_D(M_F(msg)) != sd[me] || PR_SIG(M_F(msg)) != SIG_OF(sd[me]))  /* [CH-POP-2] */
#define SG_RECORD_BAD_LAST (M_F(msg) == 0 && bad[me] + 1 >= MAX_BAD)
#define SG_RECORD_BAD (M_F(msg) == 0)
#define SG_IS_LOGOUT (M_F(msg) == 1)

inline SEND_CHALLENGE() {                 /* [CH-COOKIE-3] mint a cookie, keep nothing for the connection */
  hellos[me]++;
  nsN++;
  mNC[nsN] = M_F(msg);
  mAddr[nsN] = ADDR(me);
  s_send(CHAL(KS, nsN, 0))
}
inline SEND_ERROR() { s_send(ERRM) }
inline ACCEPT_REQUEST() {                 /* [CH-KEX-2] implicit rejection of a secret wrapped to another key */
  used = used | (1 << D_NS(M_F(msg)));
  if
  :: D_K(M_F(msg)) == KS -> sd[me] = DESC(D_NC(M_F(msg)), D_NS(M_F(msg)), KS, D_LS(M_F(msg)))
  :: else -> sd[me] = DESC(D_NC(M_F(msg)), D_NS(M_F(msg)), KS, LS_REJ)
  fi;
  sentEnv[me] = 1;
  s_send(ENVR(sd[me], ENV_ALICE))
}
inline ACCEPT_PROOF() {
  /* [CH-INV-3] correspondence: S accepts only a proof that Alice made in a run of this very transcript,
     and each run at most once (no replay into a second connection) */
  if
  :: sentProof[0] && cd[0] == sd[me] && !matched[0] -> matched[0] = 1
  :: sentProof[1] && cd[1] == sd[me] && !matched[1] -> matched[1] = 1
  :: else ->
     if
     :: (sentProof[0] && cd[0] == sd[me]) || (sentProof[1] && cd[1] == sd[me]) ->
        printf("MSC: connection %d accepted a replayed login, already accepted once (d=%d)\n", me, sd[me])
     :: else ->
        printf("MSC: connection %d accepted a login no run of Alice made (d=%d)\n", me, sd[me])
     fi;
     assert(false)
  fi;
  /* [CH-PRES-4] the new session replaces an older one of the same user */
  hw = 0;
  do
  :: hw < 3 && hw != me && sst[hw] == S_ESTABLISHED -> replaced[hw] = 1; hw++
  :: hw < 3 && !(hw != me && sst[hw] == S_ESTABLISHED) -> hw++
  :: hw == 3 -> break
  od;
  sentWel[me] = 1;
  s_send(WELC(sd[me]))
}
inline ANSWER() { skip }
inline ACK_LOGOUT() { skip }
inline SEND_REPLACED() { skip }           /* an error_response record; the close that follows is what the client sees */
inline UNREGISTER() { skip }
inline RELEASE() { skip }
#define STO(s) sst[me] = S_##s
#define SROW(s, i) (sst[me] == S_##s && sinp == SI_##i)
#define SROWG(s, i, g) (sst[me] == S_##s && sinp == SI_##i && SG_##g)

/* Reviewed unlisted pairs: a non-record message in ESTABLISHED, any message in CLOSED: dropped [CH-REC-1];
   REPLACED for a session that ended before the event reached it: ignored (the YAML's rule for events). */
#define S_REVIEWED_UNLISTED ((((sst[me] == S_ESTABLISHED && sinp != SI_RCV_RECORD) || sst[me] == S_CLOSED) \
                              && sinp <= SI_RCV_MALFORMED) \
                             || (sst[me] == S_CLOSED && sinp == SI_REPLACED))

inline s_unlisted() {
  if
  :: !S_REVIEWED_UNLISTED ->
     printf("MSC: unspecified reception: connection %d state %d input %d\n", me, sst[me], sinp);
     assert(false)
  :: else ->
     if
     :: sinp <= SI_RCV_MALFORMED -> DROP()    /* CH-REC-1 */
     :: else -> IGNORE()                      /* CH-SM-2 */
     fi
  fi
}

inline server_machine() {
  if
  :: SROWG(OPEN, RCV_HELLO, TOO_MANY_HELLOS) -> STO(CLOSED); SEND_ERROR(); CLOSE() /* CH-HELLO-4 */
  :: else ->
  if
  :: SROW(OPEN, RCV_HELLO) -> STO(OPEN); SEND_CHALLENGE() /* CH-COOKIE-3 */
  :: SROWG(OPEN, RCV_LOGIN_REQUEST, CHECK_FAILS) -> STO(CLOSED); SEND_ERROR(); CLOSE() /* CH-LOGIN-1 */
  :: else ->
  if
  :: SROW(OPEN, RCV_LOGIN_REQUEST) -> STO(AWAIT_PROOF); ACCEPT_REQUEST() /* CH-LOGIN-2 */
  :: SROW(OPEN, RCV_PROOF) -> STO(CLOSED); SEND_ERROR(); CLOSE() /* CH-MSG-3 */
  :: SROW(OPEN, RCV_RECORD) -> STO(CLOSED); SEND_ERROR(); CLOSE() /* CH-MSG-3 */
  :: SROW(OPEN, RCV_UNEXPECTED) -> STO(CLOSED); SEND_ERROR(); CLOSE() /* CH-MSG-3 */
  :: SROW(OPEN, RCV_MALFORMED) -> STO(CLOSED); SEND_ERROR(); CLOSE() /* CH-MSG-4 */
  :: SROW(OPEN, CONNECTION_CLOSED) -> STO(CLOSED); RELEASE() /* CH-COST-1 */
  :: SROWG(AWAIT_PROOF, RCV_PROOF, PROOF_FAILS) -> STO(CLOSED); SEND_ERROR(); CLOSE() /* CH-POP-2 */
  :: else ->
  if
  :: SROW(AWAIT_PROOF, RCV_PROOF) -> STO(ESTABLISHED); ACCEPT_PROOF() /* CH-LOGIN-3 */
  :: SROW(AWAIT_PROOF, RCV_HELLO) -> STO(CLOSED); SEND_ERROR(); CLOSE() /* CH-MSG-3 */
  :: SROW(AWAIT_PROOF, RCV_LOGIN_REQUEST) -> STO(CLOSED); SEND_ERROR(); CLOSE() /* CH-MSG-3 */
  :: SROW(AWAIT_PROOF, RCV_RECORD) -> STO(CLOSED); SEND_ERROR(); CLOSE() /* CH-MSG-3 */
  :: SROW(AWAIT_PROOF, RCV_UNEXPECTED) -> STO(CLOSED); SEND_ERROR(); CLOSE() /* CH-MSG-3 */
  :: SROW(AWAIT_PROOF, RCV_MALFORMED) -> STO(CLOSED); SEND_ERROR(); CLOSE() /* CH-MSG-4 */
  :: SROW(AWAIT_PROOF, LOGIN_TIMER) -> STO(CLOSED); SEND_ERROR(); CLOSE() /* CH-LOGIN-4 */
  :: SROW(AWAIT_PROOF, CONNECTION_CLOSED) -> STO(CLOSED); RELEASE() /* CH-LOGIN-4 */
  :: SROWG(ESTABLISHED, RCV_RECORD, RECORD_BAD_LAST) -> STO(CLOSED); SEND_ERROR(); UNREGISTER(); CLOSE() /* CH-REC-2 */
  :: else ->
  if
  :: SROWG(ESTABLISHED, RCV_RECORD, RECORD_BAD) -> STO(ESTABLISHED); DROP() /* CH-SEQ-2 */
  :: SROWG(ESTABLISHED, RCV_RECORD, IS_LOGOUT) -> STO(CLOSED); ACK_LOGOUT(); UNREGISTER(); CLOSE() /* CH-OUT-1 */
  :: else ->
  if
  :: SROW(ESTABLISHED, RCV_RECORD) -> STO(ESTABLISHED); ANSWER() /* CH-REQ-1 */
  :: SROW(ESTABLISHED, EXPIRY_TIMER) -> STO(CLOSED); UNREGISTER(); CLOSE() /* CH-PRES-3 */
  :: SROW(ESTABLISHED, REPLACED) -> STO(CLOSED); SEND_REPLACED(); CLOSE() /* CH-PRES-4 */
  :: SROW(ESTABLISHED, CONNECTION_CLOSED) -> STO(CLOSED); UNREGISTER() /* CH-PRES-5 */
  :: else -> s_unlisted()
  fi
  fi
  fi
  fi
  fi
  fi
}

inline s_classify() {                     /* the YAML's reading rules */
  if
  :: M_KIND(msg) == M_MALFORMED -> sinp = SI_RCV_MALFORMED
  :: M_KIND(msg) == M_HELLO -> sinp = SI_RCV_HELLO
  :: M_KIND(msg) == M_LOGINREQ -> sinp = SI_RCV_LOGIN_REQUEST
  :: M_KIND(msg) == M_PROOF -> sinp = SI_RCV_PROOF
  :: M_KIND(msg) == M_RECORD -> sinp = SI_RCV_RECORD
  :: else -> sinp = SI_RCV_UNEXPECTED
  fi
}

/* ---- the world: one step = one event at one connection end, then that end's machine ---------------------- */
#define C_WAITING(j) (cst[j] == C_AWAIT_CHALLENGE || cst[j] == C_AWAIT_ENVELOPE || cst[j] == C_AWAIT_WELCOME)
#define C_LIVE(j) (cst[j] != C_START && cst[j] != C_CLOSED)
#define S_EXISTS(i) ((i) == 2 || (TO_S(i) && cst[i] != C_START))   /* the client opened the connection */
#define S_LIVE(i) (S_EXISTS(i) && sst[i] != S_CLOSED)
/* a ClientHello that would make S mint beyond the MAXNS bound waits (bound of the model, not of the protocol) */
#define MINTS(i, m) (M_KIND(m) == M_HELLO && sst[i] == S_OPEN && hellos[i] + 1 < H_MAX)
#define DELIVERABLE(i, m) (!MINTS(i, m) || nsN < MAXNS)

inline pick_ns() {                        /* ht := a server nonce: the made-up one or one S minted */
  if
  :: ht = NS_E
  :: nsN >= 1 -> ht = 1
  :: nsN >= 2 -> ht = 2
#if MAXNS > 2
  :: nsN >= 3 -> ht = 3
#endif
#if MAXNS > 3
  :: nsN >= 4 -> ht = 4
#endif
  fi
}

/* The attacker's messages to S's connection `me` that can pass its checks: every other message (a cookie
   that fails its MAC, a Proof that does not open under the connection's keys, a type the state does not
   expect) ends the login exactly like the junk below, which the K_END budget covers. In OPEN: ClientHellos
   with any nonce it knows, LoginRequests with a cookie S minted for this connection's address (with the
   client nonce it was minted for) and any wrapped secret it has seen or can make (its own or a learnt secret,
   wrapped to KS or KE); in AWAIT_PROOF: Proofs sealed under this connection's keys, Alice's (spliced or
   replayed) or re-sealed by the attacker around a signature it opened. */
#define MINTED_HERE(i, n) (nsN >= (n) && mAddr[n] == ADDR(i))
#define S_PROOF_RELAY(i, j) (sst[i] == S_AWAIT_PROOF && sentProof[j] && cd[j] == sd[i])
#define S_PROOF_RESEAL(i, j) (sst[i] == S_AWAIT_PROOF && KNOWS_LS(D_LS(sd[i])) && KNOWS_SIG(j))
#define CAN_FORGE_S(i) (sst[i] == S_OPEN || S_PROOF_RELAY(i, 0) || S_PROOF_RELAY(i, 1) || S_PROOF_RESEAL(i, 0) \
                        || S_PROOF_RESEAL(i, 1))
inline lreq_wraps() {                     /* a LoginRequest with cookie ht (minted for client nonce mNC[ht]) */
  hk = mNC[ht];
  if
  :: msg = LREQ(hk, ht, KS, LS_E)
  :: KNOWS_LS(LS_A1) -> msg = LREQ(hk, ht, KS, LS_A1)
  :: sentLreq[0] -> msg = LREQ(hk, ht, pin[0], LS_A0)
  :: sentLreq[1] && pin[1] == KS -> msg = LREQ(hk, ht, KS, LS_A1)
  /* a secret wrapped to KE opens at S to the implicit-rejection secret nobody knows: a dead login, like junk */
  fi
}
inline forge_for_server() {
  if
  :: sst[me] == S_OPEN -> msg = HELLO(NC_E)
  :: sst[me] == S_OPEN && sentHello[0] -> msg = HELLO(NC_A0)
  :: sst[me] == S_OPEN && sentHello[1] && pin[1] == KS -> msg = HELLO(NC_A1)
  :: sst[me] == S_OPEN && MINTED_HERE(me, 1) -> ht = 1; lreq_wraps()
  :: sst[me] == S_OPEN && MINTED_HERE(me, 2) -> ht = 2; lreq_wraps()
#if MAXNS > 2
  :: sst[me] == S_OPEN && MINTED_HERE(me, 3) -> ht = 3; lreq_wraps()
#endif
#if MAXNS > 3
  :: sst[me] == S_OPEN && MINTED_HERE(me, 4) -> ht = 4; lreq_wraps()
#endif
  :: S_PROOF_RELAY(me, 0) -> msg = PROOF(cd[0], SIG_OF(cd[0]))
  :: S_PROOF_RELAY(me, 1) -> msg = PROOF(cd[1], SIG_OF(cd[1]))
  :: S_PROOF_RESEAL(me, 0) -> msg = PROOF(sd[me], SIG_OF(cd[0]))
  :: S_PROOF_RESEAL(me, 1) -> msg = PROOF(sd[me], SIG_OF(cd[1]))
  fi
}
inline junk_for_server() {               /* messages that end a login: each costs an ending */
  if
  :: msg = PROOF(D_JUNK, SIG_JUNK)
  :: msg = REC(0)
  :: msg = ERRM                           /* a well-formed message of a server-to-client type */
  :: msg = MALF
  fi
}

/* The attacker's messages to Alice's run `me` that can pass her checks (others: the junk below). In
   AWAIT_CHALLENGE: Challenges with either key and any cookie (S's, or made up); in AWAIT_ENVELOPE and
   AWAIT_WELCOME: sealed messages under her keys, S's (spliced from any connection) or the attacker's own
   when it knows her login secret (as the server KE), with Alice's envelope once it has it. */
#define C_ENV_RELAY(j, i) (cst[j] == C_AWAIT_ENVELOPE && sentEnv[i] && sd[i] == cd[j])
#define C_WEL_RELAY(j, i) (cst[j] == C_AWAIT_WELCOME && sentWel[i] && sd[i] == cd[j])
#define C_OWN_KEYS(j) KNOWS_LS(D_LS(cd[j]))
#define CAN_FORGE_C(j) (cst[j] == C_AWAIT_CHALLENGE || C_ENV_RELAY(j, 0) || C_ENV_RELAY(j, 1) || C_ENV_RELAY(j, 2) \
                        || C_WEL_RELAY(j, 0) || C_WEL_RELAY(j, 1) || C_WEL_RELAY(j, 2) \
                        || ((cst[j] == C_AWAIT_ENVELOPE || cst[j] == C_AWAIT_WELCOME) && C_OWN_KEYS(j)))
inline forge_for_client() {
  if
  :: cst[me] == C_AWAIT_CHALLENGE && pin[me] == KS -> pick_ns(); msg = CHAL(KS, ht, 0)
  :: cst[me] == C_AWAIT_CHALLENGE && pin[me] == KE -> msg = CHAL(KE, NS_E, 0)
  :: cst[me] == C_AWAIT_CHALLENGE -> msg = CHAL(pin[me], NS_E, 1)
  /* a Challenge with another key than the pinned one fails like junk [CH-PIN-2]; the attacker as the server
     KE needs no cookie of S (one it passed on would only bind the login to S's key, which Alice refuses) */
  :: C_ENV_RELAY(me, 0) -> msg = ENVR(sd[0], ENV_ALICE)
  :: C_ENV_RELAY(me, 1) -> msg = ENVR(sd[1], ENV_ALICE)
  :: C_ENV_RELAY(me, 2) -> msg = ENVR(sd[2], ENV_ALICE)
  :: cst[me] == C_AWAIT_ENVELOPE && C_OWN_KEYS(me) && KNOWS_ENV -> msg = ENVR(cd[me], ENV_ALICE)
  :: cst[me] == C_AWAIT_ENVELOPE && C_OWN_KEYS(me) -> msg = ENVR(cd[me], ENV_OTHER)
  :: cst[me] == C_AWAIT_ENVELOPE && C_OWN_KEYS(me) -> msg = ENVR(cd[me], ENV_BADPAR)
  :: C_WEL_RELAY(me, 0) -> msg = WELC(sd[0])
  :: C_WEL_RELAY(me, 1) -> msg = WELC(sd[1])
  :: C_WEL_RELAY(me, 2) -> msg = WELC(sd[2])
  :: cst[me] == C_AWAIT_WELCOME && C_OWN_KEYS(me) -> msg = WELC(cd[me])
  fi
}
inline junk_for_client() {               /* messages that end a login: each costs an ending */
  if
  :: msg = ENVR(D_JUNK, ENV_OTHER)
  :: msg = WELC(D_JUNK)
  :: msg = REC(0)
  :: msg = ERRM
  :: msg = HELLO(NC_E)                    /* a well-formed message of a client-to-server type */
  :: msg = MALF
  fi
}

#define TIMERS_ARMED (C_WAITING(0) || C_WAITING(1) || sst[0] == S_AWAIT_PROOF || sst[1] == S_AWAIT_PROOF \
                      || sst[2] == S_AWAIT_PROOF)
#define A_NONE 0          /* what the chosen event hands to the machine */
#define A_INPUT 1         /* an input already set (cin / sinp) */
#define A_MSG 2           /* a message in msg, to classify */
hidden byte act;

inline server_step() {
  s_classify();
  if                                      /* the checks the model does not decide (freshness, work, name, rate, capacity) */
  :: sinp == SI_RCV_LOGIN_REQUEST && sst[me] == S_OPEN && COOKIE_OK && FRESH_NS ->
     if :: ok = 1 :: ok = 0 fi
  :: else -> ok = 1
  fi;
  server_machine()
}

#define CIN(j, i) side = CLIENT; me = j; cin = i; act = A_INPUT
#define SIN(c, i) side = SERVER; me = c; sinp = i; act = A_INPUT

active proctype World() {
  atomic {
    pin[0] = KS;
#ifdef SECOND_TO_S
    pin[1] = KS                           /* Alice's second login: to S as well */
#else
    pin[1] = KE                           /* Alice's second login: to the attacker's server */
#endif
  };
  do
  :: atomic {
     if
     /* Alice starts a login */
     :: cst[0] == C_START -> CIN(0, CI_BEGIN)
     :: cst[1] == C_START -> CIN(1, CI_BEGIN)
     /* the transport delivers the oldest message in flight (in order; the attacker reorders by dropping and
        replaying) */
     :: cbox[0].n > 0 -> side = CLIENT; me = 0; hk = 0; take(cbox[0]); act = A_MSG
     :: cbox[1].n > 0 -> side = CLIENT; me = 1; hk = 0; take(cbox[1]); act = A_MSG
     :: sbox[0].n > 0 && DELIVERABLE(0, sbox[0].m[0]) -> side = SERVER; me = 0; hk = 0; take(sbox[0]); act = A_MSG
     :: sbox[1].n > 0 && DELIVERABLE(1, sbox[1].m[0]) -> side = SERVER; me = 1; hk = 0; take(sbox[1]); act = A_MSG
     /* the connection closed at the other end, reported once what was in flight is delivered */
     :: cpeerClosed[0] && cbox[0].n == 0 && C_LIVE(0) -> CIN(0, CI_CONNECTION_CLOSED)
     :: cpeerClosed[1] && cbox[1].n == 0 && C_LIVE(1) -> CIN(1, CI_CONNECTION_CLOSED)
     :: speerClosed[0] && sbox[0].n == 0 && S_LIVE(0) -> SIN(0, SI_CONNECTION_CLOSED)
     :: speerClosed[1] && sbox[1].n == 0 && S_LIVE(1) -> SIN(1, SI_CONNECTION_CLOSED)
     :: speerClosed[2] && S_LIVE(2) -> SIN(2, SI_CONNECTION_CLOSED)
     /* endings before their time (K_END in all): timers (the attacker can delay anything, so a timer may
        fire in any state that arms it), logouts, resets, junk and errors from the attacker; on Alice's runs and
        connections (the attacker's own connection 2 ends when it closes it) */
     :: ends < K_END && C_WAITING(0) -> ends++; CIN(0, CI_LOGIN_TIMER)
     :: ends < K_END && C_WAITING(1) -> ends++; CIN(1, CI_LOGIN_TIMER)
     :: ends < K_END && sst[0] == S_AWAIT_PROOF -> ends++; SIN(0, SI_LOGIN_TIMER)
     :: ends < K_END && sst[1] == S_AWAIT_PROOF -> ends++; SIN(1, SI_LOGIN_TIMER)
     :: ends < K_END && sst[0] == S_ESTABLISHED -> ends++; SIN(0, SI_EXPIRY_TIMER)
     :: ends < K_END && sst[1] == S_ESTABLISHED -> ends++; SIN(1, SI_EXPIRY_TIMER)
     :: ends < K_END && C_LIVE(0) -> ends++; CIN(0, CI_LOGOUT)
     :: ends < K_END && C_LIVE(1) -> ends++; CIN(1, CI_LOGOUT)
     :: ends < K_END && S_LIVE(0) && C_LIVE(0) -> ends++; cpeerClosed[0] = 1; speerClosed[0] = 1; act = A_NONE
     :: ends < K_END && S_LIVE(1) && C_LIVE(1) -> ends++; cpeerClosed[1] = 1; speerClosed[1] = 1; act = A_NONE
     :: ends < K_END && C_LIVE(0) -> ends++; side = CLIENT; me = 0; junk_for_client(); act = A_MSG
     :: ends < K_END && C_LIVE(1) -> ends++; side = CLIENT; me = 1; junk_for_client(); act = A_MSG
     :: ends < K_END && S_LIVE(0) -> ends++; side = SERVER; me = 0; junk_for_server(); act = A_MSG
     :: ends < K_END && S_LIVE(1) -> ends++; side = SERVER; me = 1; junk_for_server(); act = A_MSG
     /* a newer session replaced this one [CH-PRES-4] */
     :: replaced[0] -> replaced[0] = 0; SIN(0, SI_REPLACED)
     :: replaced[1] -> replaced[1] = 0; SIN(1, SI_REPLACED)
     :: replaced[2] -> replaced[2] = 0; SIN(2, SI_REPLACED)
     /* the attacker drops a message in flight */
     :: drops < K_DROP && cbox[0].n > 0 -> drops++; pick(cbox[0]); take(cbox[0]); act = A_NONE
     :: drops < K_DROP && cbox[1].n > 0 -> drops++; pick(cbox[1]); take(cbox[1]); act = A_NONE
     :: drops < K_DROP && sbox[0].n > 0 -> drops++; pick(sbox[0]); take(sbox[0]); act = A_NONE
     :: drops < K_DROP && sbox[1].n > 0 -> drops++; pick(sbox[1]); take(sbox[1]); act = A_NONE
     /* the attacker delivers a message of its own to a live connection end */
     :: inj < K_INJ && C_LIVE(0) && CAN_FORGE_C(0) -> inj++; side = CLIENT; me = 0; forge_for_client(); act = A_MSG
     :: inj < K_INJ && C_LIVE(1) && TO_S(1) && CAN_FORGE_C(1) -> inj++; side = CLIENT; me = 1; forge_for_client(); act = A_MSG
     :: inj < K_INJ && S_LIVE(0) && CAN_FORGE_S(0) -> inj++; side = SERVER; me = 0; forge_for_server(); act = A_MSG
     :: inj < K_INJ && S_LIVE(1) && CAN_FORGE_S(1) -> inj++; side = SERVER; me = 1; forge_for_server(); act = A_MSG
     /* the attacker plays its own roles without a budget (their machines bound them): the client of
        connection 2, and the server KE of Alice's run 1 when she pinned KE */
     :: C_LIVE(1) && !TO_S(1) && CAN_FORGE_C(1) -> side = CLIENT; me = 1; forge_for_client(); act = A_MSG
     :: S_LIVE(2) && CAN_FORGE_S(2) -> side = SERVER; me = 2; forge_for_server(); act = A_MSG
     /* the attacker closes its own connection */
     :: S_LIVE(2) && !speerClosed[2] -> speerClosed[2] = 1; act = A_NONE
     fi;
     if
     :: act == A_NONE -> skip
     :: act != A_NONE && side == CLIENT ->
        if :: act == A_MSG -> c_classify() :: else -> skip fi;
        client_machine()
     :: act == A_MSG && side == SERVER -> server_step()
     :: act == A_INPUT && side == SERVER -> server_machine()
     fi
     }
  /* nothing else can move: the login timers fire (at no cost: a timer always fires in the end) */
  :: atomic {
     if
     :: timeout && C_WAITING(0) -> CIN(0, CI_LOGIN_TIMER)
     :: timeout && C_WAITING(1) -> CIN(1, CI_LOGIN_TIMER)
     fi;
     client_machine()
     }
  :: atomic {
     if
     :: timeout && sst[0] == S_AWAIT_PROOF -> SIN(0, SI_LOGIN_TIMER)
     :: timeout && sst[1] == S_AWAIT_PROOF -> SIN(1, SI_LOGIN_TIMER)
     :: timeout && sst[2] == S_AWAIT_PROOF -> SIN(2, SI_LOGIN_TIMER)
     fi;
     server_machine()
     }
  /* then every login has ended, established or failed [CH-INV-2] */
  :: timeout && !TIMERS_ARMED -> break
  od;
  assert(cst[0] == C_ESTABLISHED || cst[0] == C_CLOSED);
  assert(cst[1] == C_ESTABLISHED || cst[1] == C_CLOSED);
  assert(sst[0] != S_AWAIT_PROOF && sst[1] != S_AWAIT_PROOF && sst[2] != S_AWAIT_PROOF)
}

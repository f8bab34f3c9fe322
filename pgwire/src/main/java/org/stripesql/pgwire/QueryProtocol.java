package org.stripesql.pgwire;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stripesql.pgwire.protocol.FrontendMessage;
import org.stripesql.pgwire.protocol.MalformedMessage;
import org.stripesql.pgwire.protocol.MessageReader;
import org.stripesql.pgwire.protocol.MessageWriter;
import org.stripesql.pgwire.protocol.PgError;
import org.stripesql.pgwire.protocol.ProtocolException;
import org.stripesql.pgwire.session.PgSession;

/**
 * The simple and extended query protocols after login: each message, decoded, becomes a call on the
 * {@link PgSession}; an error is an ErrorResponse, after which an extended-protocol batch is skipped up to
 * its Sync, as PostgreSQL does. Ends at Terminate or when the client goes.
 */
final class QueryProtocol {
  private static final Logger LOG = LoggerFactory.getLogger(QueryProtocol.class);

  private final MessageReader in;
  private final MessageWriter out;
  private final PgSession session;

  QueryProtocol(MessageReader in, MessageWriter out, PgSession session) {
    this.in = in;
    this.out = out;
    this.session = session;
  }

  void run() throws IOException {
    boolean skipToSync = false;
    while (true) {
      FrontendMessage m;
      try {
        MessageReader.Message raw = in.read();
        if (raw == null) {
          return;
        }
        m = FrontendMessage.decode(raw);
      } catch (MalformedMessage e) {
        if (!skipToSync) {
          session.failed();
          out.error(PgError.error(e.sqlState(), e.getMessage()), false);
        }
        skipToSync = e.type() != 'Q' && e.type() != 'S';
        if (!skipToSync) {
          readyForQuery();
        }
        continue;
      }
      if (m instanceof FrontendMessage.Terminate) {
        return;
      }
      if (skipToSync && !(m instanceof FrontendMessage.Sync)) {
        continue;
      }
      skipToSync = false;
      try {
        handle(m);
      } catch (PgSession.StatementFailure f) {
        error(f.getCause(), f.sql(), f.offset());
        readyForQuery();
      } catch (ProtocolException e) {
        throw e;
      } catch (Exception | LinkageError | AssertionError | StackOverflowError | OutOfMemoryError e) {
        error(e, null, 0);
        if (m instanceof FrontendMessage.Query) {
          readyForQuery();
        } else {
          skipToSync = true;
        }
      }
    }
  }

  private void handle(FrontendMessage m) throws Exception {
    if (m instanceof FrontendMessage.Query q) {
      session.simpleQuery(q.sql(), out);
      readyForQuery();
    } else if (m instanceof FrontendMessage.Parse p) {
      session.parse(p.name(), p.sql(), p.parameterTypes());
      out.parseComplete();
    } else if (m instanceof FrontendMessage.Bind b) {
      session.bind(b.portal(), b.statement(), b.parameterFormats(), b.values(), b.resultFormats());
      out.bindComplete();
    } else if (m instanceof FrontendMessage.Describe d) {
      if (d.target() == FrontendMessage.Target.STATEMENT) {
        session.describeStatement(d.name(), out);
      } else {
        session.describePortal(d.name(), out);
      }
    } else if (m instanceof FrontendMessage.Execute e) {
      session.execute(e.portal(), e.maxRows(), out);
    } else if (m instanceof FrontendMessage.Close c) {
      if (c.target() == FrontendMessage.Target.STATEMENT) {
        session.closeStatement(c.name());
      } else {
        session.closePortal(c.name());
      }
      out.closeComplete();
    } else if (m instanceof FrontendMessage.Sync) {
      session.sync();
      readyForQuery();
    } else if (m instanceof FrontendMessage.Flush) {
      out.flush();
    }
  }

  private void readyForQuery() throws IOException {
    out.readyForQuery(session.status());
    out.flush();
  }

  private void error(Throwable e, String sql, int offset) throws IOException {
    PgError err = session.error(e, sql, offset);
    if (err.sqlState().startsWith("XX")) {
      LOG.warn("PostgreSQL statement failed: {}", err.message(), e);
    }
    session.failed();
    out.error(err, false);
  }
}

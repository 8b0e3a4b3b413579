#pragma once

#include "framelimits.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <functional>

namespace vami::http {

// What the framer learned from one request's head (request line + header fields).
struct RequestHead
{
    QByteArray method;      // as sent, e.g. "GET"
    QByteArray target;      // request-target as sent, e.g. "/api/team/members?page=1"
    int httpMinor = 1;      // HTTP/1.0 or HTTP/1.1
    bool keepAlive = true;  // false for "Connection: close" or HTTP/1.0 without keep-alive
    bool expectContinue = false;
    bool chunked = false;
    qint64 contentLength = -1; // -1: no Content-Length field
    QByteArray requestId;   // X-Request-ID as sent (unvalidated), empty when absent
    QByteArray host;
    QList<QByteArray> forwardedFor; // every X-Forwarded-For value, in order
};

// A reason to refuse a connection's input. The guard answers `status` with
// {"detail": detail} and closes the connection.
struct FrameRejection
{
    int status = 400;
    QByteArray detail;
};

// Incremental RFC 9112 request-framing validator for one connection. It sees every
// byte once, in order, keeps only the current head (never the body), and enforces
// FrameLimits. Strict by design: CRLF line ends only, no obs-fold, no whitespace
// before ':', no CTL/NUL in field values, exactly one Host for HTTP/1.1, one valid
// Content-Length (duplicates must be identical), no Content-Length together with
// Transfer-Encoding, Transfer-Encoding exactly "chunked", well-formed chunk sizes
// (at most 16 hex digits), known methods only (GET HEAD POST PUT DELETE PATCH
// OPTIONS; CONNECT/TRACE/unknown: 501), HTTP/1.0 and HTTP/1.1 only (else 505),
// "Expect: 100-continue" only (else 417). A single unknown transfer coding is 501,
// a list of codings 400. Empty lines before a request line are ignored (RFC 9112
// 2.2). Trailer fields may not repeat a field of the head nor carry framing,
// routing, authentication or content metadata.
class RequestFramer
{
public:
    // Largest body accepted for a request; called once per request when its head is
    // complete (the route decides; e.g. a JSON route 1 MiB, an upload 10 MiB).
    using BodyLimitLookup = std::function<qint64(QByteArrayView method, QByteArrayView target)>;

    enum class EventType {
        HeadComplete,    // head() describes the request; its body (if any) follows
        MessageComplete, // the request's last body byte (or its head, without body) was seen
        Rejected,        // `rejection` says why; `head` holds what was parsed so far
                         // (e.g. its requestId); the framer accepts no more input
    };
    struct Event
    {
        EventType type;
        RequestHead head;
        FrameRejection rejection;
    };

    RequestFramer(const FrameLimits &limits, BodyLimitLookup bodyLimit);

    // Processes `size` bytes and returns the events they produced, in order. Several
    // pipelined requests in one buffer give several event pairs. Bodies are counted,
    // never stored.
    QList<Event> feed(const char *data, qsizetype size);

    // True between the first byte of a request and its MessageComplete.
    [[nodiscard]] bool inRequest() const;
    // True while the current request's body is being received.
    [[nodiscard]] bool inBody() const;
    [[nodiscard]] bool rejected() const;
    // Decoded body bytes of the current request so far.
    [[nodiscard]] qint64 bodyBytesReceived() const { return m_bodyReceived; }

private:
    // The connection guard feeds a socket only up to the end of the first complete
    // request (QHttpServer 6.4 consumes exactly that much before it answers), so it
    // needs to know where that end is.
    friend class ConnectionGuard;

    // Processes up to `size` bytes, appending events to `events`; with
    // `stopAfterMessage` it stops right after the first MessageComplete. Returns the
    // number of bytes processed.
    qsizetype process(const char *data, qsizetype size, QList<Event> &events, bool stopAfterMessage);

    void processHeadByte(uchar c, QList<Event> &events);
    [[nodiscard]] qsizetype fieldLineRun(const char *data, qsizetype size) const;
    void processChunkSizeByte(uchar c, QList<Event> &events);
    void requestLineByte(uchar c, QList<Event> &events);
    void requestLineComplete(QList<Event> &events);
    void fieldLineComplete(QList<Event> &events);
    void headComplete(QList<Event> &events);
    void chunkSizeLineComplete(QList<Event> &events);
    void interpretField(QByteArrayView name, QByteArrayView value, QList<Event> &events);
    void messageComplete(QList<Event> &events);
    void reject(QList<Event> &events, int status, QByteArray detail);
    void resetForNextRequest();

    enum class Phase { RequestLine, Headers, FixedBody, ChunkSize, ChunkData, ChunkDataEnd, Trailers, Dead };

    FrameLimits m_limits;
    BodyLimitLookup m_bodyLimit;
    Phase m_phase = Phase::RequestLine;
    QByteArray m_line;          // the current line being assembled (request line, field line or chunk-size line)
    bool m_lineCR = false;      // the last byte of the current line was CR
    int m_lineBytes = 0;        // bytes of the request line (with leading empty lines) or chunk-size line
    int m_spaces = 0;           // spaces seen in the request line so far
    qsizetype m_headerBytes = 0; // bytes of the header (or trailer) section so far
    int m_headerCount = 0;
    qint64 m_remaining = 0;     // body or chunk bytes still expected
    qint64 m_bodyReceived = 0;  // decoded body bytes of this request so far
    qint64 m_bodyLimitBytes = 0;
    int m_hostCount = 0;
    bool m_sawTransferEncoding = false;
    bool m_sawContentLength = false;
    bool m_connectionClose = false;
    bool m_connectionKeepAlive = false;
    bool m_inRequest = false;
    // False: a trailer field is refused (501) at its first byte. The connection guard
    // sets this because QHttpServer 6.4 ends a chunked message two bytes after the
    // last-chunk line, dispatching the request in the middle of a trailer section and
    // parsing the rest of it as the next request.
    bool m_trailersAllowed = true;
    int m_chunkEndIndex = 0;    // 0: expecting the CR after chunk data, 1: the LF
    QList<size_t> m_headFieldHashes; // lower-case field names of the head, to keep trailers from repeating them
    RequestHead m_head;
};

} // namespace vami::http

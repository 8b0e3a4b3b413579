// libFuzzer target: the connection guard's request framer (RFC 9112 framing of a
// connection's input). The first input byte chooses how the rest is cut into reads
// (framing must not depend on where a read ends); the framer's own invariants are
// checked as it goes.

#include "http/guard/requestframer.h"

#include <cstdint>
#include <cstdlib>

using namespace vami::http;

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort();
}

FrameLimits fuzzLimits()
{
    FrameLimits limits;
    limits.maxRequestLineBytes = 512;
    limits.maxHeaderBytes = 2048;
    limits.maxHeaderCount = 16;
    limits.maxBodyBytes = 4096;
    return limits;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const qsizetype piece = qsizetype(data[0] % 32) + 1;
    const char *bytes = reinterpret_cast<const char *>(data + 1);
    const qsizetype length = qsizetype(size - 1);

    const FrameLimits limits = fuzzLimits();
    RequestFramer framer(limits, [](QByteArrayView method, QByteArrayView target) -> qint64 {
        return method == "POST" && target.startsWith("/big") ? 8192 : 1024;
    });
    int heads = 0;
    int messages = 0;
    bool rejected = false;
    for (qsizetype pos = 0; pos < length; pos += piece) {
        const QList<RequestFramer::Event> events = framer.feed(bytes + pos, qMin(piece, length - pos));
        for (const RequestFramer::Event &event : events) {
            check(!rejected); // nothing follows a rejection
            switch (event.type) {
            case RequestFramer::EventType::HeadComplete:
                check(heads == messages);
                ++heads;
                check(!event.head.method.isEmpty());
                check(event.head.target.startsWith('/') || event.head.target == "*");
                check(event.head.httpMinor == 0 || event.head.httpMinor == 1);
                check(event.head.contentLength <= 8192);
                check(!(event.head.chunked && event.head.contentLength >= 0));
                break;
            case RequestFramer::EventType::MessageComplete:
                ++messages;
                check(messages == heads);
                break;
            case RequestFramer::EventType::Rejected:
                rejected = true;
                check(event.rejection.status >= 400 && event.rejection.status < 600);
                check(!event.rejection.detail.isEmpty());
                break;
            }
        }
        check(framer.rejected() == rejected);
        check(!framer.inBody() || framer.inRequest());
        check(framer.bodyBytesReceived() <= 8192);
    }
    return 0;
}

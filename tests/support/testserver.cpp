#include "testserver.h"

#include "core/random.h"

using namespace Qt::StringLiterals;

namespace vami::test {

http::HttpConfig TestServer::defaultHttpConfig()
{
    http::HttpConfig config;
    config.address = QHostAddress(QHostAddress::LocalHost);
    config.port = 0;
    config.workers = 2;
    config.heavyThreads = 2;
    config.rateLimit.enabled = false;
    config.checkResponses = true;
    config.corsOrigins = {u"https://app.example.test"_s};
    config.publicUrl = u"http://127.0.0.1"_s;
    return config;
}

TestServer::TestServer()
    : TestServer(Options{})
{
}

TestServer::TestServer(const Options &options)
    : m_backend(std::make_unique<TestBackend>(options.backend))
{
    if (!m_backend->isValid()) {
        m_error = m_backend->error();
        return;
    }
    m_server = std::make_unique<http::HttpServer>(m_backend->backend(), options.http, secureRandomBytes(32));
    if (options.extraRoutes)
        options.extraRoutes(m_server->context().routes);
    auto started = m_server->start();
    if (!started)
        m_error = started.error().message();
}

TestServer::~TestServer()
{
    if (m_server)
        m_server->stop();
    m_server.reset();
    m_backend.reset();
}

QUrl TestServer::url(const QString &path) const
{
    return QUrl(u"http://127.0.0.1:%1%2"_s.arg(port()).arg(path));
}

} // namespace vami::test

// The SSRF rules of outbound HTTP as a table: which addresses may be connected to,
// which URL forms are refused before any connection, and what the configured
// allow-list re-permits (never the cloud metadata addresses).

#include "net/targetpolicy.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace vami;

class tst_TargetPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void deniedAddresses_data();
    void deniedAddresses();
    void publicAddresses_data();
    void publicAddresses();
    void qtsOwnClassificationIsNoFilter();
    void allowListRepermitsButNeverMetadata();
    void urlRules_data();
    void urlRules();
};

void tst_TargetPolicy::deniedAddresses_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<QString>("range");
    const QList<std::pair<const char *, const char *>> rows = {
        {"0.0.0.0", "unspecified"},
        {"0.1.2.3", "unspecified"},
        {"10.1.2.3", "private"},
        {"100.64.0.1", "shared (CGNAT)"},
        {"100.127.255.254", "shared (CGNAT)"},
        {"127.0.0.1", "loopback"},
        {"127.255.255.254", "loopback"},
        {"169.254.1.1", "link-local"},
        {"169.254.169.254", "metadata"},
        {"169.254.170.2", "metadata"},
        {"100.100.100.200", "metadata"},
        {"172.16.0.1", "private"},
        {"172.31.255.255", "private"},
        {"192.0.0.8", "IETF protocol assignments"},
        {"192.0.2.1", "documentation"},
        {"192.168.1.1", "private"},
        {"198.18.0.1", "benchmarking"},
        {"198.19.255.255", "benchmarking"},
        {"198.51.100.7", "documentation"},
        {"203.0.113.9", "documentation"},
        {"224.0.0.1", "multicast"},
        {"239.255.255.250", "multicast"},
        {"240.0.0.1", "reserved"},
        {"255.255.255.255", "reserved"},
        {"::", "unspecified"},
        {"::127.0.0.1", "unspecified or IPv4-compatible"},
        {"::1", "loopback"},
        {"fc00::1", "unique local"},
        {"fd12:3456::1", "unique local"},
        {"fd00:ec2::254", "metadata"},
        {"fe80::1", "link-local"},
        {"fec0::1", "site-local"},
        {"ff02::1", "multicast"},
        {"2001::1", "Teredo"},
        {"2001:db8::1", "documentation"},
        {"100::1", "discard"},
        {"64:ff9b:1::1", "local-use NAT64"},
        // Embedded IPv4 addresses are judged by what they carry.
        {"::ffff:127.0.0.1", "loopback"},
        {"::ffff:10.0.0.1", "private"},
        {"::ffff:169.254.169.254", "metadata"},
        {"64:ff9b::7f00:1", "loopback"},
        {"64:ff9b::a9fe:a9fe", "metadata"},
        {"64:ff9b::c0a8:101", "private"},
        {"2002:7f00:1::1", "loopback"},
        {"2002:a9fe:a9fe::", "metadata"},
        {"2002:a00:1::", "private"},
    };
    for (const auto &[address, range] : rows)
        QTest::newRow(address) << QString::fromLatin1(address) << QString::fromLatin1(range);
}

void tst_TargetPolicy::deniedAddresses()
{
    QFETCH(QString, address);
    QFETCH(QString, range);
    const QHostAddress a(address);
    QVERIFY2(!a.isNull(), qPrintable(address));
    QCOMPARE(TargetPolicy::deniedRange(a), range);
    const TargetPolicy policy {OutboundConfig {}};
    QVERIFY(!policy.permits(a));
}

void tst_TargetPolicy::publicAddresses_data()
{
    QTest::addColumn<QString>("address");
    for (const char *address : {"93.184.216.34", "8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "192.0.1.1",
             "198.20.0.1", "223.255.255.254", "2606:4700::1111", "2a00:1450:4001::1", "::ffff:8.8.8.8",
             "64:ff9b::808:808", "2002:808:808::1"})
        QTest::newRow(address) << QString::fromLatin1(address);
}

void tst_TargetPolicy::publicAddresses()
{
    QFETCH(QString, address);
    const QHostAddress a(address);
    QCOMPARE(TargetPolicy::deniedRange(a), QString());
    const TargetPolicy policy {OutboundConfig {}};
    QVERIFY(policy.permits(a));
}

void tst_TargetPolicy::qtsOwnClassificationIsNoFilter()
{
    // The reason the policy keeps its own table (qt64-facts.md, "Network addresses").
    const QHostAddress nat64Metadata(u"64:ff9b::a9fe:a9fe"_s);
    QVERIFY(nat64Metadata.isGlobal());
    QCOMPARE(TargetPolicy::effectiveAddress(nat64Metadata), QHostAddress(u"169.254.169.254"_s));
    QVERIFY(!TargetPolicy {OutboundConfig {}}.permits(nat64Metadata));
    const QHostAddress any(u"0.0.0.0"_s);
    QVERIFY(!any.isLoopback());
    QVERIFY(!TargetPolicy {OutboundConfig {}}.permits(any));
}

void tst_TargetPolicy::allowListRepermitsButNeverMetadata()
{
    OutboundConfig config;
    config.allowedTargets = AddressRange::parseList({u"127.0.0.0/8"_s, u"169.254.0.0/16"_s, u"fd00::/8"_s});
    const TargetPolicy policy(config);
    QVERIFY(policy.permits(QHostAddress(u"127.0.0.1"_s)));
    QVERIFY(policy.permits(QHostAddress(u"::ffff:127.0.0.1"_s)));
    QVERIFY(policy.permits(QHostAddress(u"169.254.1.1"_s)));
    QVERIFY(policy.permits(QHostAddress(u"fd12::1"_s)));
    QVERIFY(!policy.permits(QHostAddress(u"169.254.169.254"_s)));
    QVERIFY(!policy.permits(QHostAddress(u"::ffff:169.254.169.254"_s)));
    QVERIFY(!policy.permits(QHostAddress(u"fd00:ec2::254"_s)));
    QVERIFY(!policy.permits(QHostAddress(u"::1"_s)));
    QVERIFY(!policy.permits(QHostAddress(u"10.0.0.1"_s)));
    QVERIFY(policy.permits(QHostAddress(u"8.8.8.8"_s)));
}

void tst_TargetPolicy::urlRules_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("allowHttp");
    QTest::addColumn<QString>("code"); // empty: accepted
    QTest::newRow("https") << u"https://hooks.example.com/in"_s << false << QString();
    QTest::newRow("name resolving to loopback is judged on connect") << u"https://localhost/"_s << false << QString();
    QTest::newRow("http refused") << u"http://hooks.example.com/"_s << false << u"net.url_refused"_s;
    QTest::newRow("http opted in") << u"http://hooks.example.com/"_s << true << QString();
    QTest::newRow("ftp") << u"ftp://hooks.example.com/"_s << true << u"net.url_refused"_s;
    QTest::newRow("user info") << u"https://user:secret@hooks.example.com/"_s << false << u"net.url_refused"_s;
    QTest::newRow("fragment") << u"https://hooks.example.com/#x"_s << false << u"net.url_refused"_s;
    QTest::newRow("port") << u"https://hooks.example.com:8443/"_s << false << u"net.url_refused"_s;
    QTest::newRow("relative") << u"/in"_s << false << u"net.url_refused"_s;
    QTest::newRow("too long") << u"https://hooks.example.com/"_s + QString(2100, u'a') << false << u"net.url_refused"_s;
    QTest::newRow("decimal loopback") << u"https://2130706433/"_s << false << u"net.target_forbidden"_s;
    QTest::newRow("hex loopback") << u"https://0x7f.0.0.1/"_s << false << u"net.target_forbidden"_s;
    QTest::newRow("octal loopback") << u"https://0177.0.0.1/"_s << false << u"net.target_forbidden"_s;
    QTest::newRow("short loopback") << u"https://127.1/"_s << false << u"net.target_forbidden"_s;
    QTest::newRow("ipv6 loopback") << u"https://[::1]/"_s << false << u"net.target_forbidden"_s;
    QTest::newRow("mapped loopback") << u"https://[::ffff:7f00:1]/"_s << false << u"net.target_forbidden"_s;
    QTest::newRow("nat64 metadata") << u"https://[64:ff9b::a9fe:a9fe]/"_s << false << u"net.target_forbidden"_s;
    QTest::newRow("metadata") << u"https://169.254.169.254/latest/meta-data/"_s << false << u"net.target_forbidden"_s;
    QTest::newRow("any address") << u"https://0.0.0.0/"_s << false << u"net.target_forbidden"_s;
}

void tst_TargetPolicy::urlRules()
{
    QFETCH(QString, url);
    QFETCH(bool, allowHttp);
    QFETCH(QString, code);
    OutboundConfig config;
    config.allowHttp = allowHttp;
    config.ports = {443, 80};
    if (url.contains(u":8443"_s))
        config.ports = {443};
    const Status checked = TargetPolicy(config).checkUrl(QUrl(url));
    if (code.isEmpty()) {
        QVERIFY2(checked, qPrintable(checked ? QString() : checked.error().code()));
    } else {
        QVERIFY(!checked);
        QCOMPARE(checked.error().code(), code);
        QCOMPARE(checked.error().kind(), ErrorKind::Rejected);
    }
}

QTEST_GUILESS_MAIN(tst_TargetPolicy)
#include "tst_targetpolicy.moc"

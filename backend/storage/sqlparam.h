#pragma once

#include <QByteArray>
#include <QVariant>

namespace vami {

// A bound value in the form both database libraries take: null, an integer, a real,
// UTF-8 text or bytes. Null strings, null ids and invalid instants bind as NULL;
// booleans as 0/1; ids and instants as their storage text (conventions.md).
struct SqlParam
{
    enum class Kind { Null, Integer, Real, Text, Blob };
    Kind kind = Kind::Null;
    qint64 integer = 0;
    double real = 0;
    QByteArray bytes;

    static SqlParam from(const QVariant &value);
};

} // namespace vami

#pragma once

#include <QLabel>

namespace vami {

// The error line under a form field: hidden while empty, in the palette's error
// colour otherwise, so a rejected input says what is wrong where it is.
class FieldErrorLabel : public QLabel
{
    Q_OBJECT

public:
    explicit FieldErrorLabel(QWidget *parent = nullptr);
    void setError(const QString &text);
    [[nodiscard]] bool hasError() const { return !text().isEmpty(); }
};

} // namespace vami

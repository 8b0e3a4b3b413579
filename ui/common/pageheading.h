#pragma once

#include <QWidget>

class QLabel;

namespace vami {

// The top of a workspace page: its title, large and bold, and a one-line
// description under it in the placeholder colour.
class PageHeading : public QWidget
{
    Q_OBJECT

public:
    explicit PageHeading(QWidget *parent = nullptr);

    void setTitle(const QString &title);
    void setDescription(const QString &description);

private:
    QLabel *m_title = nullptr;
    QLabel *m_description = nullptr;
};

} // namespace vami

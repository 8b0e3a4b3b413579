#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace vami {

// What the window shows while a database opens, and when it could not be opened:
// the reason and the ways on (try again, another database, the local one).
class StartupPage : public QWidget
{
    Q_OBJECT

public:
    explicit StartupPage(QWidget *parent = nullptr);

    void showOpening(const QString &database);
    void showFailure(const QString &database, const QString &message);

Q_SIGNALS:
    void retryRequested();
    void connectDatabaseRequested();
    void useLocalRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    QString m_database;
    QString m_message;
    bool m_failed = false;
    QLabel *m_title = nullptr;
    QLabel *m_detail = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_retry = nullptr;
    QPushButton *m_connect = nullptr;
    QPushButton *m_local = nullptr;
};

} // namespace vami

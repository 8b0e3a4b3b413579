#pragma once

#include <QWidget>

class QFormLayout;
class QLabel;
class QVBoxLayout;

namespace vami {

// A full-window page with one centred card: a title, a line of explanation, a form,
// and a footer naming the database (the shape of the first-run and sign-in pages).
class CardPage : public QWidget
{
    Q_OBJECT

public:
    explicit CardPage(QWidget *parent = nullptr);

    void setTitle(const QString &title);
    void setSubtitle(const QString &subtitle);
    void setFooter(const QString &footer);

protected:
    // Adds a labelled field (and the error line under it) to the form; returns the label.
    QLabel *addField(QWidget *field, QWidget *error = nullptr);
    [[nodiscard]] QFormLayout *form() const { return m_form; }
    [[nodiscard]] QVBoxLayout *cardLayout() const { return m_card; }
    [[nodiscard]] QVBoxLayout *footerLayout() const { return m_footerLayout; }

private:
    QLabel *m_title = nullptr;
    QLabel *m_subtitle = nullptr;
    QLabel *m_footer = nullptr;
    QFormLayout *m_form = nullptr;
    QVBoxLayout *m_card = nullptr;
    QVBoxLayout *m_footerLayout = nullptr;
};

} // namespace vami

#pragma once

#include <QFrame>

class QLabel;
class QVBoxLayout;

namespace idex::ui {

/*! A card that reports one outcome: a tone (its icon and colours), a bold title and a body its owner fills. The
    Token panel's result, failure and waiting cards and the Claims panel's verdict banner are StatusCards, so one look
    says "worked", "failed", "careful" or "nothing yet" everywhere. The colours are light whatever the theme, so the
    card's text is dark. */
class StatusCard : public QFrame
{
    Q_OBJECT
public:
    enum class Tone { Ok, Error, Warning, Neutral };

    StatusCard(const QString &name, Tone tone, QWidget *parent = nullptr);

    void setTone(Tone tone);
    Tone tone() const { return m_tone; }
    /*! Bold, plain text, selectable; hidden while empty. */
    void setTitle(const QString &title);
    QLabel *titleLabel() const { return m_title; }
    QVBoxLayout *body() const { return m_body; }
    /*! Tighter margins and an icon the size of a line, for a card in a sidebar. */
    void setCompact(bool compact);

private:
    void updateIcon();

    Tone m_tone;
    bool m_compact = false;
    QLabel *m_icon;
    QLabel *m_title;
    QVBoxLayout *m_body;
};

} // namespace idex::ui

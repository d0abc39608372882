#pragma once

#include "jwt/decodedtoken.h"

#include <QDateTime>
#include <QFrame>

#include <functional>

class QLabel;
class QProgressBar;
class QTimer;

namespace idex::ui {

/*! The times strip: issued / not before / expires in UTC and local time with relative times, the lifetime, and a
    live countdown with a bar of the lifetime used. Ticks every second while visible. */
class TokenTimesView : public QFrame
{
    Q_OBJECT
public:
    explicit TokenTimesView(QWidget *parent = nullptr);

    void setToken(const DecodedToken &token);
    void clear();
    /*! Replaces the clock (tests). */
    void setClock(std::function<QDateTime()> clock);
    /*! "Within its lifetime · expires in 42 min", "Expired 3 h ago" ... as shown. */
    QString statusText() const;
    QString countdownText() const;

Q_SIGNALS:
    /*! The validity state changed while ticking (valid -> expired): the panel re-runs the diagnosis. */
    void stateChanged();

private:
    void refresh();

    DecodedToken m_token;
    bool m_hasToken = false;
    int m_lastState = -1;
    std::function<QDateTime()> m_clock;
    QLabel *m_status;
    QLabel *m_countdown;
    QLabel *m_lifetime;
    QLabel *m_columns[3];
    QProgressBar *m_bar;
    QTimer *m_timer;
};

} // namespace idex::ui

#pragma once

#include <QList>
#include <QPair>
#include <QWidget>

class QTableWidget;
class QToolButton;

namespace idex::ui {

/*! An editable two-column table (headers, query parameters) with add/remove buttons. Rows whose name is empty are
    ignored; a blank row is always there to type into. */
class KeyValueTable : public QWidget
{
    Q_OBJECT
public:
    using Pairs = QList<QPair<QString, QString>>;

    KeyValueTable(const QString &nameHeader, const QString &valueHeader, QWidget *parent = nullptr);

    Pairs pairs() const;
    void setPairs(const Pairs &pairs);
    QTableWidget *table() const { return m_table; }

Q_SIGNALS:
    void edited();

private:
    void ensureBlankRow();
    void removeSelected();

    QTableWidget *m_table;
    QToolButton *m_remove;
    bool m_updating = false;
};

} // namespace idex::ui

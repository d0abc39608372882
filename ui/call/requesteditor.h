#pragma once

#include "call/savedrequest.h"

#include <QWidget>

class QBoxLayout;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTabWidget;

namespace idex::ui {

class KeyValueTable;

/*! What to send: method, URL, query parameters (kept in step with the URL), headers, body (JSON highlighted) and the
    per-request "ignore TLS errors" choice, which shows a warning while it is on. Knows nothing of tokens: the panel
    adds the Authorization header. */
class RequestEditor : public QWidget
{
    Q_OBJECT
public:
    explicit RequestEditor(QWidget *parent = nullptr);

    /*! The request as edited (no Authorization unless typed into the headers); invalid URL -> empty url. */
    HttpRequest request() const;
    /*! Loads method, URL, headers and body; clears "ignore TLS errors". */
    void setRequest(const HttpRequest &request);
    QString urlText() const;
    /*! Whether a person changed the request since it was loaded (setRequest()) or sent (markSent()). */
    bool isEdited() const { return m_edited; }
    void markSent() { m_edited = false; }

    /*! The row holding method and URL: the panel appends its buttons there. */
    QBoxLayout *lineLayout() const { return m_line; }
    /*! Inserts a row between the URL line and the tabs. */
    void insertRow(QLayout *row);

    QLineEdit *urlEdit() const { return m_url; }

Q_SIGNALS:
    void changed();

private:
    void urlEdited();
    void paramsEdited();

    QBoxLayout *m_rows;
    QBoxLayout *m_line;
    QComboBox *m_method;
    QLineEdit *m_url;
    QTabWidget *m_tabs;
    KeyValueTable *m_params;
    KeyValueTable *m_headers;
    QPlainTextEdit *m_body;
    QCheckBox *m_ignoreTls;
    QLabel *m_tlsWarning;
    bool m_syncing = false;
    bool m_edited = false;
};

} // namespace idex::ui

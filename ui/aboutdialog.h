#pragma once

#include <QDialog>

namespace idex::ui {

/*! Name, purpose, licence, and the versions of the app, Qt and OpenSSL actually loaded (what a bug report needs). */
class AboutDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AboutDialog(QWidget *parent = nullptr);

    /*! The text of the versions block, also put on the clipboard by "Copy versions". */
    static QString versionsText();
};

} // namespace idex::ui

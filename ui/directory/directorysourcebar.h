#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace idex::ui {

/*! The Directory panel's top row: where the directory comes from (the emulator's Graph, Microsoft Graph, a
    snapshot), Load and Cancel, the progress and status of the read, and the File menu. It only asks; the panel
    loads. */
class DirectorySourceBar : public QWidget
{
    Q_OBJECT
public:
    enum class Source { Emulator, MicrosoftGraph, Snapshot };

    explicit DirectorySourceBar(QWidget *parent = nullptr);

    Source source() const;
    /*! The emulator's reader identity, empty for the scenario's first one that may read Graph. */
    QString readerClientId() const;
    void setStatus(const QString &text, bool error = false);
    QString status() const;
    /*! While a read runs: Load is off, the progress shows; Cancel only when the read can stop. */
    void setLoading(bool loading, bool cancellable = false);

Q_SIGNALS:
    void loadRequested();
    void cancelRequested();
    void openSnapshotRequested();
    void saveSnapshotRequested();
    void openSnapshotInEmulatorRequested();
    void exportPictureRequested();

private:
    QComboBox *m_source;
    QLineEdit *m_readerClientId;
    QPushButton *m_load;
    QPushButton *m_cancel;
    QProgressBar *m_progress;
    QLabel *m_status;
};

} // namespace idex::ui

#include "expectationform.h"

#include "widgets/reflow.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QRegularExpression>

namespace idex::ui {

namespace {

QStringList splitList(const QString &text)
{
    QStringList items;
    const QStringList parts = text.split(QRegularExpression(QStringLiteral("[,;\\s]+")), Qt::SkipEmptyParts);
    for (const QString &part : parts)
        items << part.trimmed();
    return items;
}

} // namespace

ExpectationForm::ExpectationForm(QWidget *parent)
    : QGroupBox(QStringLiteral("What the API expects"), parent)
    , m_preset(new QComboBox(this))
    , m_version(new QComboBox(this))
    , m_appOnly(new QCheckBox(QStringLiteral("App-only token (managed identity)"), this))
{
    setObjectName(QStringLiteral("expectationForm"));
    auto *form = new QFormLayout(this);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    // A narrow sidebar (presenter mode) puts a field under its label rather than scroll sideways.
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    m_preset->setObjectName(QStringLiteral("presetCombo"));
    // As wide as it says, not as its longest API's label: a combo keeps the width it first measured with its items.
    m_preset->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_preset->setMinimumContentsLength(16);
    m_preset->setToolTip(QStringLiteral("Take the expectation from a protected API of the emulator's scenario"));
    m_preset->addItem(QStringLiteral("Custom (typed below)"));
    connect(m_preset, &QComboBox::activated, this, &ExpectationForm::choosePreset);
    form->addRow(QStringLiteral("Protected &API"), m_preset);
    const auto line = [&](const QString &label, const QString &name, const QString &placeholder) {
        auto *edit = new QLineEdit(this);
        edit->setObjectName(name);
        edit->setPlaceholderText(placeholder);
        edit->setClearButtonEnabled(true);
        connect(edit, &QLineEdit::textChanged, this, &ExpectationForm::changed);
        form->addRow(label, edit);
        return edit;
    };
    m_audience = line(QStringLiteral("A&udience"), QStringLiteral("audienceEdit"),
        QStringLiteral("api://<client id>, <client id> (comma-separated)"));
    m_issuer = line(
        QStringLiteral("&Issuer"), QStringLiteral("issuerEdit"), QStringLiteral("https://sts.windows.net/<tenant>/"));
    m_roles = line(QStringLiteral("&Roles"), QStringLiteral("rolesEdit"), QStringLiteral("any one of: DoAll, ..."));
    m_clientId = line(
        QStringLiteral("&Client ID"), QStringLiteral("clientIdEdit"), QStringLiteral("the caller's appid / azp"));
    m_version->setObjectName(QStringLiteral("versionCombo"));
    m_version->addItem(QStringLiteral("Any"), 0);
    m_version->addItem(QStringLiteral("v1.0"), 1);
    m_version->addItem(QStringLiteral("v2.0"), 2);
    connect(m_version, &QComboBox::currentIndexChanged, this, &ExpectationForm::changed);
    m_appOnly->setObjectName(QStringLiteral("appOnlyCheck"));
    connect(m_appOnly, &QCheckBox::toggled, this, &ExpectationForm::changed);
    auto *versionRow = new ReflowLayout;
    versionRow->addWidget(m_version);
    versionRow->addWidget(m_appOnly, 1);
    form->addRow(QStringLiteral("Token version"), versionRow);
}

Expectation ExpectationForm::expectation() const
{
    Expectation e;
    e.audiences = splitList(m_audience->text());
    e.issuer = m_issuer->text().trimmed();
    e.roles = splitList(m_roles->text());
    e.clientId = m_clientId->text().trimmed();
    if (const int v = m_version->currentData().toInt())
        e.tokenVersion = v;
    e.appOnly = m_appOnly->isChecked();
    return e;
}

void ExpectationForm::setExpectation(const Expectation &e)
{
    {
        const QSignalBlocker blockers[] = { QSignalBlocker(m_audience), QSignalBlocker(m_issuer),
            QSignalBlocker(m_roles), QSignalBlocker(m_clientId), QSignalBlocker(m_version), QSignalBlocker(m_appOnly) };
        m_audience->setText(e.audiences.join(QStringLiteral(", ")));
        m_issuer->setText(e.issuer);
        m_roles->setText(e.roles.join(QStringLiteral(", ")));
        m_clientId->setText(e.clientId);
        m_version->setCurrentIndex(e.tokenVersion.value_or(0));
        m_appOnly->setChecked(e.appOnly);
    }
    Q_EMIT changed();
}

void ExpectationForm::setPresets(const QList<Preset> &presets)
{
    m_presets = presets;
    const QSignalBlocker blocker(m_preset);
    while (m_preset->count() > 1)
        m_preset->removeItem(1);
    for (const Preset &preset : presets)
        m_preset->addItem(preset.label);
    m_preset->setCurrentIndex(0); // the fields are what was typed (or chosen) before: Custom until chosen again
}

void ExpectationForm::choosePreset(int index)
{
    if (index < 0 || index >= m_preset->count())
        return;
    m_preset->setCurrentIndex(index);
    if (index >= 1 && index - 1 < m_presets.size())
        setExpectation(m_presets.at(index - 1).expectation);
}

} // namespace idex::ui

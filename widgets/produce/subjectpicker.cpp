#include "widgets/produce/subjectpicker.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace kafkalab {

SubjectPicker::SubjectPicker(PublishSchemas* schemas, PublishSchemas::Role role, QWidget* parent)
    : QWidget(parent)
    , m_schemas(schemas)
    , m_role(role)
{
    m_subject = new QComboBox(this);
    m_subject->setEditable(true);
    m_subject->setInsertPolicy(QComboBox::NoInsert);
    m_subject->lineEdit()->setPlaceholderText(
        role == PublishSchemas::Role::Value ? tr("value subject, e.g. orders-value") : tr("key subject"));
    m_version = new QComboBox(this);
    m_version->addItem(tr("latest"), -1);
    m_version->setToolTip(tr("The subject's latest version, or a chosen one"));
    m_refresh = new QPushButton(tr("Reload"), this);
    m_refresh->setToolTip(tr("Ask the schema registry for its subjects and this subject's versions again"));
    m_info = new QLabel(this);
    m_info->setWordWrap(true);
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_subject, 1);
    row->addWidget(m_version);
    row->addWidget(m_refresh);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(row);
    layout->addWidget(m_info);

    connect(m_subject, &QComboBox::activated, this, &SubjectPicker::subjectEdited);
    connect(m_subject->lineEdit(), &QLineEdit::editingFinished, this, &SubjectPicker::subjectEdited);
    connect(m_version, &QComboBox::activated, this, &SubjectPicker::apply);
    connect(m_refresh, &QPushButton::clicked, this, &SubjectPicker::refresh);
    connect(
        m_schemas, &PublishSchemas::subjectsListed, this, [this](const QStringList& subjects, const QString& error) {
            const QString current = m_subject->currentText();
            m_subject->blockSignals(true);
            m_subject->clear();
            m_subject->addItems(subjects);
            m_subject->setCurrentText(current);
            m_subject->blockSignals(false);
            if (!error.isEmpty())
                m_info->setText(tr("<span style='color:#c62828'>Subjects: %1</span>").arg(error.toHtmlEscaped()));
            else if (current.isEmpty())
                m_info->setText(subjects.isEmpty() ? tr("The schema registry has no subject yet.")
                                                   : tr("Choose one of %n subject(s).", nullptr, int(subjects.size())));
        });
    connect(m_schemas, &PublishSchemas::versionsListed, this,
        [this](const QString& subject, const QList<int>& versions, const QString&) {
            if (subject != m_applied)
                return;
            const int chosen = version();
            m_version->blockSignals(true);
            m_version->clear();
            m_version->addItem(tr("latest"), -1);
            for (int v : versions)
                m_version->addItem(tr("version %1").arg(v), v);
            m_version->setCurrentIndex(std::max(0, m_version->findData(chosen)));
            m_version->blockSignals(false);
        });
    connect(m_schemas, &PublishSchemas::schemaChosen, this, [this](PublishSchemas::Role r, const QString&) {
        if (r != m_role)
            return;
        showInfo();
        Q_EMIT schemaChanged();
    });
    showInfo();
}

QString SubjectPicker::subject() const
{
    return m_subject->currentText().trimmed();
}

int SubjectPicker::version() const
{
    return m_version->currentData().isValid() ? m_version->currentData().toInt() : -1;
}

void SubjectPicker::refresh()
{
    m_schemas->listSubjects();
    if (!subject().isEmpty())
        m_schemas->listVersions(subject());
    apply();
}

void SubjectPicker::subjectEdited()
{
    if (subject() == m_applied && (m_schemas->encoder(m_role) || m_schemas->loading(m_role)))
        return;
    // Another subject: its versions, from its latest.
    m_version->blockSignals(true);
    m_version->clear();
    m_version->addItem(tr("latest"), -1);
    m_version->blockSignals(false);
    if (!subject().isEmpty())
        m_schemas->listVersions(subject());
    apply();
}

void SubjectPicker::apply()
{
    m_applied = subject();
    m_schemas->choose(m_role, m_applied, version());
    showInfo();
    Q_EMIT schemaChanged();
}

void SubjectPicker::showInfo()
{
    const auto encoder = m_schemas->encoder(m_role);
    if (!m_schemas->hasRegistry()) {
        m_info->setText(tr("<span style='color:#c62828'>No schema registry: add one to the connection profile "
                           "(or start the sandbox with one).</span>"));
    } else if (m_schemas->loading(m_role)) {
        m_info->setText(tr("Loading %1 of %2…")
                            .arg(version() < 0 ? tr("the latest version") : tr("version %1").arg(version()),
                                m_applied.toHtmlEscaped()));
    } else if (encoder) {
        const schemas::RegisteredSchema& s = encoder->schema();
        m_info->setText(tr("Schema id <b>%1</b> · %2 · version %3 of %4")
                            .arg(s.id)
                            .arg(schemas::schemaTypeName(s.type))
                            .arg(s.version)
                            .arg(m_applied.toHtmlEscaped()));
    } else if (!m_schemas->error(m_role).isEmpty()) {
        m_info->setText(tr("<span style='color:#c62828'>%1</span>").arg(m_schemas->error(m_role).toHtmlEscaped()));
    } else {
        m_info->setText(tr("Choose a subject."));
    }
}

} // namespace kafkalab

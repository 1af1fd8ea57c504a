#include "widgets/security/acldialogs.h"

#include "widgets/common/errorlabel.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace kafkalab {

namespace {

// A field with its error label under it, as one row of the form.
QWidget* withError(QWidget* field, QLabel* error, QWidget* parent)
{
    auto* box = new QWidget(parent);
    auto* l = new QVBoxLayout(box);
    l->setContentsMargins(0, 0, 0, 0);
    l->setSpacing(2);
    l->addWidget(field);
    l->addWidget(error);
    return box;
}

} // namespace

AclCreateDialog::AclCreateDialog(QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Create ACLs"));
    auto* form = new QFormLayout;
    auto add = [&](const QString& label, const QString& field, QWidget* w) {
        QLabel* error = makeErrorLabel(this);
        error->setObjectName(field + QStringLiteral("Error"));
        m_errors.append({ field, error });
        form->addRow(label, withError(w, error, this));
    };
    m_type = new QComboBox(this);
    m_type->addItems(aclResourceTypeWords());
    add(tr("Resource &type"), QStringLiteral("resourceType"), m_type);
    m_resource = new QLineEdit(this);
    m_resource->setPlaceholderText(tr("a name, or * for every resource of the type"));
    add(tr("&Resource"), QStringLiteral("resource"), m_resource);
    m_pattern = new QComboBox(this);
    m_pattern->addItems({ QStringLiteral("literal"), QStringLiteral("prefixed") });
    add(tr("Pa&ttern"), QStringLiteral("pattern"), m_pattern);
    m_principal = new QLineEdit(this);
    m_principal->setPlaceholderText(QStringLiteral("User:alice"));
    add(tr("&Principal"), QStringLiteral("principal"), m_principal);
    m_operations = new QLineEdit(this);
    m_operations->setPlaceholderText(tr("Read, Write, ... (comma-separated)"));
    m_operations->setToolTip(aclOperationWords().join(QLatin1String(", ")));
    add(tr("&Operations"), QStringLiteral("operations"), m_operations);
    m_permission = new QComboBox(this);
    m_permission->addItems({ QStringLiteral("allow"), QStringLiteral("deny") });
    add(tr("Per&mission"), QStringLiteral("permission"), m_permission);
    m_host = new QLineEdit(QStringLiteral("*"), this);
    add(tr("&Host"), QStringLiteral("host"), m_host);
    m_preview = new QPlainTextEdit(this);
    m_preview->setReadOnly(true);
    m_preview->setMaximumHeight(fontMetrics().height() * 6);
    form->addRow(tr("Preview"), m_preview);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_create = buttons->addButton(tr("Create"), QDialogButtonBox::AcceptRole);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);

    for (QLineEdit* e : { m_resource, m_principal, m_operations, m_host })
        connect(e, &QLineEdit::textChanged, this, &AclCreateDialog::validate);
    for (QComboBox* c : { m_type, m_pattern, m_permission })
        connect(c, &QComboBox::currentTextChanged, this, &AclCreateDialog::validate);
    validate();
}

QLabel* AclCreateDialog::errorOf(const QString& field) const
{
    for (const auto& [name, label] : m_errors)
        if (name == field)
            return label;
    return nullptr;
}

void AclCreateDialog::validate()
{
    AclInput in;
    in.resourceType = m_type->currentText();
    in.resource = m_resource->text();
    in.pattern = m_pattern->currentText();
    in.principal = m_principal->text();
    in.operations = m_operations->text();
    in.permission = m_permission->currentText();
    in.host = m_host->text();
    m_resource->setEnabled(in.resourceType != QLatin1String("cluster"));
    AclInputError error;
    const std::optional<QList<AclBinding>> bindings = aclBindingsFrom(in, &error);
    m_bindings = bindings.value_or(QList<AclBinding>());
    for (const auto& [name, label] : m_errors) {
        // The first field that is wrong or missing says so; the preview shows what would be created.
        const bool show = !bindings && name == error.field;
        label->setText(show ? error.message : QString());
        label->setVisible(show);
    }
    QStringList lines;
    for (const AclBinding& b : m_bindings)
        lines << aclBindingText(b);
    m_preview->setPlainText(lines.join(QLatin1Char('\n')));
    m_create->setEnabled(!m_bindings.isEmpty());
}

ScramUserDialog::ScramUserDialog(const QString& user, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(user.isEmpty() ? tr("Create SCRAM user") : tr("Change %1's password").arg(user));
    auto* form = new QFormLayout;
    m_user = new QLineEdit(user, this);
    m_user->setReadOnly(!user.isEmpty());
    m_userError = makeErrorLabel(this);
    form->addRow(tr("&User"), withError(m_user, m_userError, this));
    m_mechanism = new QComboBox(this);
    m_mechanism->addItems({ scramMechanismName(ScramMechanism::Sha256), scramMechanismName(ScramMechanism::Sha512) });
    form->addRow(tr("&Mechanism"), m_mechanism);
    m_iterations = new QSpinBox(this);
    m_iterations->setRange(MinScramIterations, MaxScramIterations);
    m_iterations->setValue(DefaultScramIterations);
    form->addRow(tr("&Iterations"), m_iterations);
    m_password = new QLineEdit(this);
    m_password->setEchoMode(QLineEdit::Password);
    form->addRow(tr("&Password"), m_password);
    m_repeat = new QLineEdit(this);
    m_repeat->setEchoMode(QLineEdit::Password);
    m_passwordError = makeErrorLabel(this);
    form->addRow(tr("&Again"), withError(m_repeat, m_passwordError, this));
    auto* note = new QLabel(tr("Any characters are taken: Kafka salts the password's UTF-8 bytes as typed (no "
                               "SASLprep), so a client must type the very same characters. The password is salted "
                               "here; only the salted form is sent."),
        this);
    note->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_ok = buttons->addButton(user.isEmpty() ? tr("Create") : tr("Change password"), QDialogButtonBox::AcceptRole);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);
    for (QLineEdit* e : { m_user, m_password, m_repeat })
        connect(e, &QLineEdit::textChanged, this, &ScramUserDialog::validate);
    validate();
}

QString ScramUserDialog::user() const
{
    return m_user->text();
}

ScramMechanism ScramUserDialog::mechanism() const
{
    return scramMechanismFrom(m_mechanism->currentText()).value_or(ScramMechanism::Sha256);
}

int ScramUserDialog::iterations() const
{
    return m_iterations->value();
}

QString ScramUserDialog::password() const
{
    return m_password->text();
}

void ScramUserDialog::validate()
{
    const QString userError = m_user->text().isEmpty() ? QString() : scramUserError(m_user->text());
    m_userError->setText(userError);
    m_userError->setVisible(!userError.isEmpty());
    QString passwordError;
    if (!m_password->text().isEmpty())
        passwordError = scramPasswordError(m_password->text());
    if (passwordError.isEmpty() && !m_repeat->text().isEmpty() && m_repeat->text() != m_password->text())
        passwordError = tr("the two passwords differ");
    m_passwordError->setText(passwordError);
    m_passwordError->setVisible(!passwordError.isEmpty());
    m_ok->setEnabled(scramUserError(m_user->text()).isEmpty() && scramPasswordError(m_password->text()).isEmpty()
        && m_repeat->text() == m_password->text());
}

} // namespace kafkalab

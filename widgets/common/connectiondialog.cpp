#include "widgets/common/connectiondialog.h"

#include "kafkacore/client/workerthread.h"
#include "widgets/common/errorlabel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QTextBlock>
#include <QVBoxLayout>

namespace kafkalab {

ConnectionDialog::ConnectionDialog(QList<ConnectionProfile> profiles, SecretStore* secrets, QWidget* parent)
    : QDialog(parent)
    , m_profiles(std::move(profiles))
    , m_secrets(secrets)
{
    setWindowTitle(tr("Connect to a Kafka cluster"));
    m_profileCombo = new QComboBox(this);
    m_profileCombo->addItem(tr("New profile"));
    for (const ConnectionProfile& p : std::as_const(m_profiles))
        m_profileCombo->addItem(p.name);
    m_save = new QPushButton(tr("Save profile"), this);
    m_rename = new QPushButton(tr("Rename"), this);
    m_rename->setToolTip(tr("Give the chosen profile the name typed below (its saved secrets move with it)"));
    m_delete = new QPushButton(tr("Delete"), this);
    auto* profileRow = new QHBoxLayout;
    profileRow->addWidget(m_profileCombo, 1);
    profileRow->addWidget(m_save);
    profileRow->addWidget(m_rename);
    profileRow->addWidget(m_delete);

    m_name = new QLineEdit(this);
    m_name->setPlaceholderText(tr("e.g. staging"));
    m_bootstrap = new QLineEdit(this);
    m_bootstrap->setPlaceholderText(tr("host1:9092,host2:9092"));
    m_bootstrapMessage = makeErrorLabel(this);
    m_security = new QComboBox(this);
    m_security->addItems({ QStringLiteral("plaintext"), QStringLiteral("ssl"), QStringLiteral("sasl_plaintext"),
        QStringLiteral("sasl_ssl") });
    m_mechanism = new QComboBox(this);
    m_mechanism->addItems({ QStringLiteral("PLAIN"), QStringLiteral("SCRAM-SHA-256"), QStringLiteral("SCRAM-SHA-512"),
        QStringLiteral("OAUTHBEARER"), QStringLiteral("GSSAPI") });
    m_username = new QLineEdit(this);
    m_password = new QLineEdit(this);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("asked at connect time, unless saved in the system keychain"));
    m_caFile = new QLineEdit(this);
    auto* browse = new QPushButton(tr("Browse…"), this);
    auto* caRow = new QHBoxLayout;
    caRow->addWidget(m_caFile, 1);
    caRow->addWidget(browse);
    m_certFile = new QLineEdit(this);
    m_certFile->setPlaceholderText(tr("PEM file, for mutual TLS"));
    m_keyFile = new QLineEdit(this);
    m_keyFile->setPlaceholderText(tr("PEM file, the client certificate's key"));
    m_keyPassword = new QLineEdit(this);
    m_keyPassword->setEchoMode(QLineEdit::Password);
    m_keyPassword->setPlaceholderText(tr("the client key's passphrase, if it is encrypted"));
    m_fieldMessage = makeErrorLabel(this);
    m_properties = new QPlainTextEdit(this);
    m_properties->setPlaceholderText(tr("librdkafka properties, one key=value per line (as kcat -X), e.g.\n"
                                        "client.id=kafkalab-qa\nsocket.timeout.ms=30000"));
    m_properties->setTabChangesFocus(true);
    m_properties->setMinimumHeight(110);
    m_propertiesMessage = makeErrorLabel(this);
    m_registryUrl = new QLineEdit(this);
    m_registryUrl->setPlaceholderText(tr("e.g. http://localhost:8081 (Confluent-compatible API); empty: none"));
    m_registryUser = new QLineEdit(this);
    m_registryUser->setPlaceholderText(tr("basic auth user, or leave empty"));
    m_registryPassword = new QLineEdit(this);
    m_registryPassword->setEchoMode(QLineEdit::Password);
    m_registryPassword->setPlaceholderText(tr("asked at connect time, unless saved in the system keychain"));
    m_registryToken = new QLineEdit(this);
    m_registryToken->setEchoMode(QLineEdit::Password);
    m_registryToken->setPlaceholderText(tr("bearer token instead of a user; saved only in the system keychain"));
    m_registryCa = new QLineEdit(this);
    m_registryCa->setPlaceholderText(tr("PEM file of an https registry's CA; empty: the system's"));
    m_registryMessage = makeErrorLabel(this);
    m_keychain = new QCheckBox(tr("Save the passwords, passphrase and token in the system keychain"), this);
    m_keychain->setToolTip(tr("Only there (Secret Service or KWallet, service \"kafkalab\"): never in the settings "
                              "file, the logs or an exported profile"));
    m_keychain->setEnabled(false); // until the keychain has answered
    m_keychainMessage = new QLabel(this);
    m_keychainMessage->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("Profile"), profileRow);
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("Bootstrap servers"), m_bootstrap);
    form->addRow(QString(), m_bootstrapMessage);
    form->addRow(tr("Security protocol"), m_security);
    form->addRow(tr("SASL mechanism"), m_mechanism);
    form->addRow(tr("User name"), m_username);
    form->addRow(tr("Password"), m_password);
    form->addRow(tr("CA file"), caRow);
    form->addRow(tr("Client certificate"), m_certFile);
    form->addRow(tr("Client key"), m_keyFile);
    form->addRow(tr("Key passphrase"), m_keyPassword);
    form->addRow(QString(), m_fieldMessage);
    form->addRow(tr("Properties"), m_properties);
    form->addRow(QString(), m_propertiesMessage);
    form->addRow(tr("Schema registry"), m_registryUrl);
    form->addRow(tr("Registry user"), m_registryUser);
    form->addRow(tr("Registry password"), m_registryPassword);
    form->addRow(tr("Registry token"), m_registryToken);
    form->addRow(tr("Registry CA file"), m_registryCa);
    form->addRow(QString(), m_registryMessage);
    form->addRow(tr("Secrets"), m_keychain);
    form->addRow(QString(), m_keychainMessage);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_connect = buttons->addButton(tr("Connect"), QDialogButtonBox::AcceptRole);
    m_connect->setDefault(true);
    m_test = buttons->addButton(tr("Test connection"), QDialogButtonBox::ActionRole);
    m_test->setToolTip(tr("Connect step by step (TCP, TLS, SASL, authorization) and say which step fails"));
    m_testReport = new QLabel(this);
    m_testReport->setWordWrap(true);
    m_testReport->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_testReport->hide();
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_testReport);
    layout->addWidget(buttons);
    resize(600, 700);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(250);
    connect(&m_debounce, &QTimer::timeout, this, &ConnectionDialog::startValidation);
    for (QLineEdit* e : { m_name, m_bootstrap, m_username, m_password, m_caFile, m_certFile, m_keyFile, m_keyPassword })
        connect(e, &QLineEdit::textChanged, this, &ConnectionDialog::scheduleValidation);
    connect(m_properties, &QPlainTextEdit::textChanged, this, &ConnectionDialog::scheduleValidation);
    for (QLineEdit* e : { m_registryUrl, m_registryUser, m_registryPassword, m_registryToken, m_registryCa })
        connect(e, &QLineEdit::textChanged, this, &ConnectionDialog::checkRegistry);
    connect(m_security, &QComboBox::currentIndexChanged, this, [this] {
        updateSaslFields();
        scheduleValidation();
    });
    connect(m_mechanism, &QComboBox::currentIndexChanged, this, &ConnectionDialog::scheduleValidation);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(
            this, tr("CA certificate"), m_caFile->text(), tr("Certificates (*.pem *.crt *.cer);;All files (*)"));
        if (!file.isEmpty())
            m_caFile->setText(file);
    });
    connect(m_profileCombo, &QComboBox::currentIndexChanged, this, &ConnectionDialog::onProfileChosen);
    connect(m_save, &QPushButton::clicked, this, &ConnectionDialog::saveProfile);
    connect(m_rename, &QPushButton::clicked, this, &ConnectionDialog::renameProfile);
    connect(m_delete, &QPushButton::clicked, this, &ConnectionDialog::deleteProfile);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_connect, &QPushButton::clicked, this, &ConnectionDialog::onConnectClicked);
    connect(m_test, &QPushButton::clicked, this, &ConnectionDialog::onTestClicked);
    connect(&m_tester, &ConnectionTester::stepDone, this, &ConnectionDialog::showTestStep);
    connect(&m_tester, &ConnectionTester::finished, this, &ConnectionDialog::showTestResult);
    updateSaslFields();
    if (m_secrets) {
        m_probing = true;
        showKeychainNote(tr("Asking the system keychain…"), false);
        m_secrets->probe(this, [this](const QString& problem) { onKeychainProbed(problem); });
    } else {
        onKeychainProbed(tr("no system keychain here"));
    }
    if (!m_profiles.isEmpty())
        m_profileCombo->setCurrentIndex(1);
    scheduleValidation();
}

ConnectionProfile ConnectionDialog::profile() const
{
    ConnectionProfile p;
    p.name = m_name->text().trimmed();
    p.bootstrap = m_bootstrap->text().trimmed();
    p.securityProtocol = m_security->currentText();
    p.saslMechanism = p.usesSasl() ? m_mechanism->currentText() : QString();
    p.username = m_username->text();
    p.password = m_password->text();
    p.caFile = m_caFile->text().trimmed();
    p.clientCertFile = m_certFile->text().trimmed();
    p.clientKeyFile = m_keyFile->text().trimmed();
    p.keyPassword = m_keyPassword->text();
    p.extraProperties = m_properties->toPlainText();
    p.registryUrl = m_registryUrl->text().trimmed();
    p.registryUser = m_registryUser->text();
    p.registryPassword = m_registryPassword->text();
    p.registryToken = m_registryToken->text();
    p.registryCaFile = m_registryCa->text().trimmed();
    p.secretsInKeychain = m_keychain->isChecked(); // (saveProfile keeps the old answer while no keychain answers)
    return p;
}

void ConnectionDialog::setProfile(const ConnectionProfile& p)
{
    m_name->setText(p.name);
    m_bootstrap->setText(p.bootstrap);
    m_security->setCurrentText(p.securityProtocol.toLower());
    if (!p.saslMechanism.isEmpty())
        m_mechanism->setCurrentText(p.saslMechanism);
    m_username->setText(p.username);
    m_password->setText(p.password);
    m_caFile->setText(p.caFile);
    m_certFile->setText(p.clientCertFile);
    m_keyFile->setText(p.clientKeyFile);
    m_keyPassword->setText(p.keyPassword);
    m_properties->setPlainText(p.extraProperties);
    m_registryUrl->setText(p.registryUrl);
    m_registryUser->setText(p.registryUser);
    m_registryPassword->setText(p.registryPassword);
    m_registryToken->setText(p.registryToken);
    m_registryCa->setText(p.registryCaFile);
    m_keychain->setChecked(p.secretsInKeychain);
    checkRegistry();
    scheduleValidation();
    ++m_loadGeneration; // an earlier profile's secrets, still on their way, are not for this one
    if (p.secretsInKeychain)
        loadSecrets(p);
}

void ConnectionDialog::checkRegistry()
{
    const QString problem = profile().registryProblem();
    m_registryMessage->setText(problem);
    m_registryMessage->setVisible(!problem.isEmpty());
    m_connect->setEnabled(m_problems.isEmpty() && problem.isEmpty());
}

void ConnectionDialog::updateSaslFields()
{
    const bool sasl = m_security->currentText().startsWith(QLatin1String("sasl"));
    m_mechanism->setEnabled(sasl);
    m_username->setEnabled(sasl);
    m_password->setEnabled(sasl);
}

void ConnectionDialog::scheduleValidation()
{
    m_debounce.start();
}

void ConnectionDialog::startValidation()
{
    const ConnectionProfile p = profile();
    const int generation = ++m_generation;
    ++m_pending;
    QPointer<ConnectionDialog> self(this);
    // librdkafka judges the properties, on a one-shot thread: the GUI thread makes no librdkafka call. The answer is
    // queued to the application object (which outlives the dialog); `self` is only read on the GUI thread.
    WorkerThread::runDetached(QStringLiteral("kafkalab-validate"), [self, p, generation](const StopToken&) {
        QList<PropertyProblem> problems = p.validate();
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, problems, generation] {
                if (!self)
                    return;
                --self->m_pending;
                if (generation != self->m_generation)
                    return; // the form changed since; a newer check is on its way
                self->showProblems(problems);
            },
            Qt::QueuedConnection);
    });
}

void ConnectionDialog::showProblems(const QList<PropertyProblem>& problems)
{
    m_problems = problems;
    QStringList bootstrap, fields, lines;
    QList<QTextEdit::ExtraSelection> marks;
    for (const PropertyProblem& pr : problems) {
        if (pr.line > 0) {
            lines.append(describeProblem(pr));
            QTextEdit::ExtraSelection mark;
            mark.cursor = QTextCursor(m_properties->document()->findBlockByNumber(pr.line - 1));
            mark.format.setBackground(QColor(255, 205, 210));
            mark.format.setForeground(QColor(0x21, 0x21, 0x21));
            mark.format.setProperty(QTextFormat::FullWidthSelection, true);
            mark.format.setToolTip(pr.message);
            marks.append(mark);
        } else if (pr.key == QLatin1String("bootstrap.servers")) {
            bootstrap.append(pr.message);
        } else {
            fields.append(describeProblem(pr));
        }
    }
    m_properties->setExtraSelections(marks);
    auto show = [](QLabel* label, const QStringList& text) {
        label->setText(text.join(QLatin1Char('\n')));
        label->setVisible(!text.isEmpty());
    };
    show(m_bootstrapMessage, bootstrap);
    show(m_fieldMessage, fields);
    show(m_propertiesMessage, lines);
    const bool registryOk = profile().registryProblem().isEmpty();
    m_connect->setEnabled(problems.isEmpty() && registryOk);
    Q_EMIT validated();
    if (m_connectWhenValid && m_pending == 0) {
        m_connectWhenValid = false;
        if (problems.isEmpty() && registryOk)
            accept();
    }
}

void ConnectionDialog::onConnectClicked()
{
    if (validationPending()) {
        m_connectWhenValid = true; // accept once the running check comes back clean
        return;
    }
    if (m_problems.isEmpty() && profile().registryProblem().isEmpty())
        accept();
}

void ConnectionDialog::onTestClicked()
{
    if (m_tester.running()) {
        m_tester.cancel();
        return;
    }
    const ConnectionProfile p = profile();
    QList<PropertyProblem> problems;
    const QList<ClientProperty> props = p.toProperties(&problems);
    if (!problems.isEmpty() || p.bootstrap.isEmpty()) {
        m_testReport->setText(
            tr("Fix the form first: %1")
                .arg(problems.isEmpty() ? tr("the bootstrap servers are empty") : describeProblem(problems.first())));
        m_testReport->show();
        return;
    }
    m_testLines.clear();
    m_testReport->setText(tr("Testing the connection…"));
    m_testReport->show();
    m_test->setText(tr("Cancel test"));
    m_tester.start(props); // on a thread of its own: each failure within 10 s
}

void ConnectionDialog::showTestStep(const ConnectionStepResult& step)
{
    const QString outcome = step.outcome == ConnectionStepResult::Outcome::Passed ? tr("ok")
        : step.outcome == ConnectionStepResult::Outcome::Failed                   ? tr("FAILED")
                                                                                  : tr("skipped");
    m_testLines.append(QStringLiteral("%1: %2 — %3").arg(connectionStepName(step.step), outcome, step.message));
    m_testReport->setText(m_testLines.join(QLatin1Char('\n')));
}

void ConnectionDialog::showTestResult(const ConnectionTestResult& result)
{
    m_test->setText(tr("Test connection"));
    if (result.cancelled)
        m_testLines.append(tr("Test cancelled."));
    else if (result.ok())
        m_testLines.append(tr("Every step passed."));
    else
        m_testLines.append(tr("Failed at %1.").arg(connectionStepName(*result.failedStep)));
    m_testReport->setText(m_testLines.join(QLatin1Char('\n')));
}

void ConnectionDialog::onProfileChosen(int index)
{
    if (index >= 1 && index <= m_profiles.size())
        setProfile(m_profiles[index - 1]);
}

} // namespace kafkalab

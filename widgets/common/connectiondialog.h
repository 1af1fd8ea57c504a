#pragma once

#include "kafkacore/client/connectionprofile.h"
#include "kafkacore/client/connectiontest.h"

#include <QDialog>
#include <QTimer>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace kafkalab {

// Edits connection profiles and returns the one to connect to. Every property is checked by librdkafka (on a pool
// thread, never on the GUI thread) as it is typed; problems show under the field or on the line that caused them.
class ConnectionDialog : public QDialog {
    Q_OBJECT
public:
    explicit ConnectionDialog(QList<ConnectionProfile> profiles, QWidget* parent = nullptr);

    ConnectionProfile profile() const; // what the form holds
    void setProfile(const ConnectionProfile& profile);
    QList<ConnectionProfile> profiles() const { return m_profiles; } // saved ones, after edits
    QList<PropertyProblem> problems() const { return m_problems; }
    bool validationPending() const { return m_pending > 0 || m_debounce.isActive(); }

    QLineEdit* nameEdit() const { return m_name; }
    QLineEdit* bootstrapEdit() const { return m_bootstrap; }
    QPlainTextEdit* propertiesEdit() const { return m_properties; }
    QPushButton* connectButton() const { return m_connect; }
    QLabel* propertiesMessage() const { return m_propertiesMessage; }
    QPushButton* testButton() const { return m_test; }
    QLabel* testReport() const { return m_testReport; } // one line per step of the last connection test
    ConnectionTester* tester() { return &m_tester; }
    QLineEdit* registryUrlEdit() const { return m_registryUrl; }
    QLineEdit* registryUserEdit() const { return m_registryUser; }
    QLineEdit* registryPasswordEdit() const { return m_registryPassword; }
    QLineEdit* registryTokenEdit() const { return m_registryToken; }
    QLineEdit* registryCaEdit() const { return m_registryCa; }
    QLabel* registryMessage() const { return m_registryMessage; }

Q_SIGNALS:
    void validated();

private:
    void scheduleValidation();
    void startValidation();
    void showProblems(const QList<PropertyProblem>& problems);
    void onConnectClicked();
    void onProfileChosen(int index);
    void saveProfile();
    void deleteProfile();
    void updateSaslFields();
    void onTestClicked(); // starts a connection test, or cancels the one running
    void showTestStep(const ConnectionStepResult& step);
    void showTestResult(const ConnectionTestResult& result);
    void checkRegistry(); // the registry fields' problem beside them (synchronous: no I/O but a file check)

    QList<ConnectionProfile> m_profiles;
    QComboBox* m_profileCombo;
    QLineEdit* m_name;
    QLineEdit* m_bootstrap;
    QLabel* m_bootstrapMessage;
    QComboBox* m_security;
    QComboBox* m_mechanism;
    QLineEdit* m_username;
    QLineEdit* m_password;
    QLineEdit* m_caFile;
    QLineEdit* m_certFile;
    QLineEdit* m_keyFile;
    QLabel* m_fieldMessage;
    QPlainTextEdit* m_properties;
    QLabel* m_propertiesMessage;
    QLineEdit* m_registryUrl;
    QLineEdit* m_registryUser;
    QLineEdit* m_registryPassword;
    QLineEdit* m_registryToken;
    QLineEdit* m_registryCa;
    QLabel* m_registryMessage;
    QPushButton* m_connect;
    QPushButton* m_test;
    QLabel* m_testReport;
    QStringList m_testLines;
    ConnectionTester m_tester;
    QTimer m_debounce;
    int m_pending = 0;
    int m_generation = 0;
    bool m_connectWhenValid = false;
    QList<PropertyProblem> m_problems;
};

} // namespace kafkalab

// The ACLs tab (offscreen): against the fixture's plaintext broker, which has no authorizer, it says so plainly in
// place of an empty table; the create dialog checks each field as it is typed, beside the field, and previews the
// exact bindings; the user dialog masks the password and wants it twice; a bad principal for effective access is
// refused beside its field, before anything is asked. (test_acls covers the page's handle on a secured broker.)
#include "kafkacore/security/aclrules.h"
#include "kafkacore/security/scramrules.h"
#include "testsupport.h"
#include "widgets/security/acldialogs.h"
#include "widgets/security/aclspage.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>

using namespace kafkalab;

class TestAclsPage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void securityDisabledSaidPlainly()
    {
        AclsPage page;
        page.setConnection({ ClientProperty::of("bootstrap.servers", test::fixtureBootstrap()) });
        page.show(); // the first show reads the ACLs
        QTRY_VERIFY_WITH_TIMEOUT(page.statusLabel()->text().contains(QStringLiteral("no authorizer")), 30000);
        QVERIFY(page.statusLabel()->text().contains(QStringLiteral("lets every client do everything")));
        QCOMPARE(page.aclTable()->rowCount(), 0);
        QVERIFY(!page.sections()->widget(0)->isEnabled()); // no table that would only look empty
        // Not connected: nothing to show, and said so.
        page.setConnection({});
        QCOMPARE(page.statusLabel()->text(), QStringLiteral("Not connected."));
        QVERIFY(!page.sections()->isEnabled());
    }

    void createDialogChecksAsTyped()
    {
        AclCreateDialog d;
        d.resourceType()->setCurrentText(QStringLiteral("topic"));
        d.resource()->setText(QStringLiteral("orders"));
        d.principal()->setText(QStringLiteral("alice"));
        d.operations()->setText(QStringLiteral("Read"));
        QVERIFY(!d.createButton()->isEnabled());
        QLabel* principalError = d.errorOf(QStringLiteral("principal"));
        QVERIFY(!principalError->isHidden());
        QVERIFY2(principalError->text().contains(QStringLiteral("User:alice")), qPrintable(principalError->text()));
        QVERIFY(d.preview()->toPlainText().isEmpty());

        d.principal()->setText(QStringLiteral("User:alice"));
        d.operations()->setText(QStringLiteral("Read, Wrte"));
        QVERIFY(principalError->isHidden());
        QLabel* opsError = d.errorOf(QStringLiteral("operations"));
        QVERIFY(!opsError->isHidden());
        QVERIFY(opsError->text().contains(QStringLiteral("unknown operation 'Wrte'")));

        d.operations()->setText(QStringLiteral("Read, Write"));
        d.pattern()->setCurrentText(QStringLiteral("prefixed"));
        QVERIFY(d.createButton()->isEnabled());
        QCOMPARE(d.preview()->toPlainText(),
            QStringLiteral("ALLOW User:alice Read on Topic 'orders' (prefixed) from host *\n"
                           "ALLOW User:alice Write on Topic 'orders' (prefixed) from host *"));
        QCOMPARE(d.bindings().size(), 2);

        d.host()->setText(QStringLiteral("my-laptop"));
        QVERIFY(!d.createButton()->isEnabled());
        QVERIFY(d.errorOf(QStringLiteral("host"))->text().contains(QStringLiteral("not an IP address")));
    }

    void userDialogMasksAndRepeats()
    {
        ScramUserDialog d({});
        QCOMPARE(d.passwordField()->echoMode(), QLineEdit::Password);
        QCOMPARE(d.repeatField()->echoMode(), QLineEdit::Password);
        d.userField()->setText(QStringLiteral("carol"));
        d.passwordField()->setText(QStringLiteral("grüße"));
        d.repeatField()->setText(QStringLiteral("grüsse"));
        QVERIFY(!d.okButton()->isEnabled());
        QVERIFY(!d.passwordError()->isHidden());
        d.repeatField()->setText(QStringLiteral("grüße"));
        QVERIFY(d.okButton()->isEnabled()); // non-ASCII is accepted (Kafka salts the UTF-8 bytes)
        QVERIFY(d.passwordError()->isHidden());
        ScramUserDialog change(QStringLiteral("alice"));
        QVERIFY(change.userField()->isReadOnly());
    }

    void accessPrincipalRefusedBesideItsField()
    {
        AclsPage page;
        page.setConnection({ ClientProperty::of("bootstrap.servers", test::fixtureBootstrap()) });
        page.accessPrincipal()->setText(QStringLiteral("alice"));
        page.showAccessButton()->click();
        QVERIFY(!page.accessError()->isHidden());
        QVERIFY(page.accessError()->text().contains(QStringLiteral("User:alice")));
        QCOMPARE(page.admin()->pending(), 0); // nothing was asked
    }
};

QTEST_MAIN(TestAclsPage)
#include "test_aclspage.moc"

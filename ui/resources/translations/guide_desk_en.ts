<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>BulkFollowUpDialog</name>
    <message numerus="yes">
        <source>Follow up with %n selected customer(s)</source>
        <translation>
            <numerusform>Follow up with %n selected customer</numerusform>
            <numerusform>Follow up with %n selected customers</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BulkTagDialog</name>
    <message numerus="yes">
        <source>Give a tag to %n selected customer(s)</source>
        <translation>
            <numerusform>Give a tag to %n selected customer</numerusform>
            <numerusform>Give a tag to %n selected customers</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CheckPage</name>
    <message numerus="yes">
        <source>Import &amp;nothing unless every row is good (%n row(s) have problems now)</source>
        <translation>
            <numerusform>Import &amp;nothing unless every row is good (%n row has problems now)</numerusform>
            <numerusform>Import &amp;nothing unless every row is good (%n rows have problems now)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ContentView</name>
    <message numerus="yes">
        <source>%1 of %n item(s)</source>
        <translation>
            <numerusform>%1 of %n item</numerusform>
            <numerusform>%1 of %n items</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Logged on %n customer(s)&apos; timeline.</source>
        <translation>
            <numerusform>Logged on %n customer&apos;s timeline.</numerusform>
            <numerusform>Logged on %n customers&apos; timeline.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CustomerDetailDialog</name>
    <message numerus="yes">
        <source>Spent %1 in %n purchase(s)</source>
        <translation>
            <numerusform>Spent %1 in %n purchase</numerusform>
            <numerusform>Spent %1 in %n purchases</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This stays: the %n sale record(s) (%1), so HQ keeps counting them for your commission. They stay on this PC without any name or phone; HQ never had either.</source>
        <translation>
            <numerusform>This stays: the %n sale record (%1), so HQ keeps counting them for your commission. They stay on this PC without any name or phone; HQ never had either.</numerusform>
            <numerusform>This stays: the %n sale records (%1), so HQ keeps counting them for your commission. They stay on this PC without any name or phone; HQ never had either.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CustomerSummary</name>
    <message numerus="yes">
        <source>Open follow-ups (%n):</source>
        <translation>
            <numerusform>Open follow-ups (%n):</numerusform>
            <numerusform>Open follow-ups (%n):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more (Ctrl+O)</source>
        <translation>
            <numerusform>… and %n more (Ctrl+O)</numerusform>
            <numerusform>… and %n more (Ctrl+O)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CustomersView</name>
    <message numerus="yes">
        <source>%n customer(s)</source>
        <translation>
            <numerusform>%n customer</numerusform>
            <numerusform>%n customers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n selected</source>
        <translation>
            <numerusform>%n selected</numerusform>
            <numerusform>%n selected</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DisputesPage</name>
    <message numerus="yes">
        <source>%n order(s)</source>
        <translation>
            <numerusform>%n order</numerusform>
            <numerusform>%n orders</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DuplicatesDialog</name>
    <message numerus="yes">
        <source>%n group(s) of customers share a phone number; the first %1 are listed.</source>
        <translation>
            <numerusform>%n group of customers share a phone number; the first %1 are listed.</numerusform>
            <numerusform>%n groups of customers share a phone number; the first %1 are listed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n group(s) of customers share a phone number. Compare them, choose whom to keep, then merge.</source>
        <translation>
            <numerusform>%n group of customers share a phone number. Compare them, choose whom to keep, then merge.</numerusform>
            <numerusform>%n groups of customers share a phone number. Compare them, choose whom to keep, then merge.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n purchase(s), %1</source>
        <translation>
            <numerusform>%n purchase, %1</numerusform>
            <numerusform>%n purchases, %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entry(ies)</source>
        <translation>
            <numerusform>%n entry</numerusform>
            <numerusform>%n entries</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Keep %1 and merge %n other customer(s) into them?</source>
        <translation>
            <numerusform>Keep %1 and merge %n other customer into them?</numerusform>
            <numerusform>Keep %1 and merge %n other customers into them?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportCustomersDialog</name>
    <message numerus="yes">
        <source>Export the %n customer(s) of this list to an Excel file.</source>
        <translation>
            <numerusform>Export the %n customer of this list to an Excel file.</numerusform>
            <numerusform>Export the %n customers of this list to an Excel file.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message numerus="yes">
        <source>Sheet “%1”: %n customer row(s) read, header on row %2.</source>
        <translation>
            <numerusform>Sheet “%1”: %n customer row read, header on row %2.</numerusform>
            <numerusform>Sheet “%1”: %n customer rows read, header on row %2.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FollowUpsModel</name>
    <message numerus="yes">
        <source>%n day(s) overdue</source>
        <translation>
            <numerusform>%n day overdue</numerusform>
            <numerusform>%n days overdue</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportSheetDialog</name>
    <message numerus="yes">
        <source>%n row(s) have a problem: fix them in the sheet and choose it again. Nothing was imported.</source>
        <translation>
            <numerusform>%n row has a problem: fix them in the sheet and choose it again. Nothing was imported.</numerusform>
            <numerusform>%n rows have a problem: fix them in the sheet and choose it again. Nothing was imported.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LibraryPage</name>
    <message numerus="yes">
        <source>%1 of %n item(s) shown (grey: expired; amber: not valid yet).</source>
        <translation>
            <numerusform>%1 of %n item shown (grey: expired; amber: not valid yet).</numerusform>
            <numerusform>%1 of %n items shown (grey: expired; amber: not valid yet).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LockDialog</name>
    <message numerus="yes">
        <source>That is not your password. After %n more wrong try(s) you are signed out.</source>
        <translation>
            <numerusform>That is not your password. After %n more wrong try you are signed out.</numerusform>
            <numerusform>That is not your password. After %n more wrong tries you are signed out.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>Sync finished with %n problem(s): see the list</source>
        <translation>
            <numerusform>Sync finished with %n problem: see the list</numerusform>
            <numerusform>Sync finished with %n problems: see the list</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OrganisationPage</name>
    <message numerus="yes">
        <source>%1 (%n store(s))</source>
        <translation>
            <numerusform>%1 (%n store)</numerusform>
            <numerusform>%1 (%n stores)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PerformanceView</name>
    <message numerus="yes">
        <source>This week: %1 · %n order(s)</source>
        <translation>
            <numerusform>This week: %1 · %n order</numerusform>
            <numerusform>This week: %1 · %n orders</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sale(s) recorded here are not uploaded yet: HQ counts them after the next sync.</source>
        <translation>
            <numerusform>%n sale recorded here are not uploaded yet: HQ counts them after the next sync.</numerusform>
            <numerusform>%n sales recorded here are not uploaded yet: HQ counts them after the next sync.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) this month also claimed by another guide: counted for you until settled.</source>
        <translation>
            <numerusform>%n order this month also claimed by another guide: counted for you until settled.</numerusform>
            <numerusform>%n orders this month also claimed by another guide: counted for you until settled.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %n week(s), Monday first</source>
        <translation>
            <numerusform>Last %n week, Monday first</numerusform>
            <numerusform>Last %n weeks, Monday first</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %n month(s)</source>
        <translation>
            <numerusform>Last %n month</numerusform>
            <numerusform>Last %n months</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReachPanel</name>
    <message numerus="yes">
        <source>%n customer(s)</source>
        <translation>
            <numerusform>%n customer</numerusform>
            <numerusform>%n customers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>about %n customer(s)</source>
        <translation>
            <numerusform>about %n customer</numerusform>
            <numerusform>about %n customers</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message numerus="yes">
        <source>Copied %n row(s): paste them into Excel or WPS.</source>
        <translation>
            <numerusform>Copied %n row: paste them into Excel or WPS.</numerusform>
            <numerusform>Copied %n rows: paste them into Excel or WPS.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SalesPanel</name>
    <message numerus="yes">
        <source>%n sale(s), %1 in all</source>
        <translation>
            <numerusform>%n sale, %1 in all</numerusform>
            <numerusform>%n sales, %1 in all</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SalesView</name>
    <message numerus="yes">
        <source>%n sale(s)</source>
        <translation>
            <numerusform>%n sale</numerusform>
            <numerusform>%n sales</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting to upload</source>
        <translation>
            <numerusform>%n waiting to upload</numerusform>
            <numerusform>%n waiting to upload</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n disputed</source>
        <translation>
            <numerusform>%n disputed</numerusform>
            <numerusform>%n disputed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n credited to another guide</source>
        <translation>
            <numerusform>%n credited to another guide</numerusform>
            <numerusform>%n credited to another guide</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SendToDialog</name>
    <message numerus="yes">
        <source>Log as sent to %n customer(s)</source>
        <translation>
            <numerusform>Log as sent to %n customer</numerusform>
            <numerusform>Log as sent to %n customers</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SopPage</name>
    <message numerus="yes">
        <source>%n template(s).</source>
        <translation>
            <numerusform>%n template.</numerusform>
            <numerusform>%n templates.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncBar</name>
    <message numerus="yes">
        <source>%n sync problem(s)</source>
        <translation>
            <numerusform>%n sync problem</numerusform>
            <numerusform>%n sync problems</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TargetsPage</name>
    <message numerus="yes">
        <source>%n amount(s) marked in red are not valid: correct them first. Nothing was sent.</source>
        <translation>
            <numerusform>%n amount marked in red are not valid: correct them first. Nothing was sent.</numerusform>
            <numerusform>%n amounts marked in red are not valid: correct them first. Nothing was sent.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saving %n target(s)…</source>
        <translation>
            <numerusform>Saving %n target…</numerusform>
            <numerusform>Saving %n targets…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n target(s) saved.</source>
        <translation>
            <numerusform>%n target saved.</numerusform>
            <numerusform>%n targets saved.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n not saved: see the rows marked in red.</source>
        <translation>
            <numerusform>%n not saved: see the rows marked in red.</numerusform>
            <numerusform>%n not saved: see the rows marked in red.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TasksPage</name>
    <message numerus="yes">
        <source>%n task(s) · read %1</source>
        <translation>
            <numerusform>%n task · read %1</numerusform>
            <numerusform>%n tasks · read %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n guide(s) overdue</source>
        <translation>
            <numerusform>%n guide overdue</numerusform>
            <numerusform>%n guides overdue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) of content</source>
        <translation>
            <numerusform>%n item of content</numerusform>
            <numerusform>%n items of content</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TeamPage</name>
    <message numerus="yes">
        <source>Stores (%n)</source>
        <translation>
            <numerusform>Stores (%n)</numerusform>
            <numerusform>Stores (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Guides (%n)</source>
        <translation>
            <numerusform>Guides (%n)</numerusform>
            <numerusform>Guides (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n guide(s) behind the month&apos;s pace</source>
        <translation>
            <numerusform>%n guide behind the month&apos;s pace</numerusform>
            <numerusform>%n guides behind the month&apos;s pace</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TodayView</name>
    <message numerus="yes">
        <source>&amp;Follow-ups due (%n overdue)</source>
        <translation>
            <numerusform>&amp;Follow-ups due (%n overdue)</numerusform>
            <numerusform>&amp;Follow-ups due (%n overdue)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 — %2, in %n day(s)</source>
        <translation>
            <numerusform>%1 — %2, in %n day</numerusform>
            <numerusform>%1 — %2, in %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n task(s)</source>
        <translation>
            <numerusform>%n task</numerusform>
            <numerusform>%n tasks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n follow-up(s) due</source>
        <translation>
            <numerusform>%n follow-up due</numerusform>
            <numerusform>%n follow-ups due</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n overdue</source>
        <translation>
            <numerusform>%n overdue</numerusform>
            <numerusform>%n overdue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n birthday(s) in the next 7 days</source>
        <translation>
            <numerusform>%n birthday in the next 7 days</numerusform>
            <numerusform>%n birthdays in the next 7 days</numerusform>
        </translation>
    </message>
</context>
</TS>

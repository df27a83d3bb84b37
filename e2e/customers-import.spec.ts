/**
 * Customers → Import: a support lead uploads the customer spreadsheet, checks the preview,
 * fixes the column mapping, sees exactly which rows are wrong, imports the rest, and finds
 * the imported customers in the directory.
 */
import { expect, test } from "./fixtures";

const HEADER = "Customer ID,Account,Email,Contact,Region,Seats,Internal notes";
const GOOD = [
  "acc-101,Northwind Traders,ops@northwind.example,Nora North,eu-west,12,renewal in May",
  "acc-102,Contoso Ltd,it@contoso.example,Carl Contoso,eu-west,40,",
  "acc-103,Fabrikam,admin@fabrikam.example,Fay Fab,us-east,7,",
  "acc-104,Tailspin Toys,hello@tailspin.example,Tom Tail,us-east,3,pilot",
  "acc-106,Wide World Importers,ops@wwi.example,Wanda World,ap-south,85,",
  "acc-107,Litware,team@litware.example,Liam Lit,eu-west,18,",
  "acc-108,Proseware,desk@proseware.example,Pia Prose,us-east,9,",
  "acc-109,Adventure Works,it@adventure.example,Ada Venture,eu-west,60,key account",
  "acc-111,Coho Winery,wine@coho.example,Cole Coho,us-east,2,",
  "acc-112,Lucerne Publishing,press@lucerne.example,Luz Lucerne,eu-west,14,",
  "acc-113,Margie's Travel,trips@margie.example,Margie M,ap-south,5,",
  "acc-115,Trey Research,lab@trey.example,Trey T,us-east,31,",
];
// Spreadsheet rows 6, 11 and 15 (the header is row 1): no id, a bad email, seats not a number.
const CSV = [
  HEADER,
  ...GOOD.slice(0, 4),
  ",Blue Yonder Airlines,fly@blueyonder.example,Bo Yonder,eu-west,20,",
  ...GOOD.slice(4, 8),
  "acc-110,Alpine Ski House,not-an-email,Al Pine,eu-west,11,",
  ...GOOD.slice(8, 11),
  "acc-114,School of Fine Art,art@fineart.example,Fi Art,us-east,lots,",
  ...GOOD.slice(11),
].join("\n");

test("a CSV file is previewed, mapped, checked row by row and imported", async ({
  page,
  snap,
  workspace,
}) => {
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Customers" })
    .click();
  await expect(page).toHaveURL(workspace.path("customers"));
  await expect(page.getByText("No customers yet")).toBeVisible();
  await snap("customers-empty");

  await page.getByRole("link", { name: "Import CSV" }).first().click();
  await expect(page).toHaveURL(workspace.path("customers/import"));
  await expect(page.getByRole("heading", { name: "Import customers" })).toBeVisible();
  await snap("import-choose");

  await page.getByLabel("CSV file").setInputFiles({
    name: "customers.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`${CSV}\n`),
  });

  // The preview: the file's first rows as they are, and nothing stored yet.
  await expect(
    page.getByText("15 rows and 7 columns. Nothing is stored until you import."),
  ).toBeVisible();
  const preview = page.getByTestId("import-preview");
  await expect(preview.getByRole("columnheader")).toHaveText(["Row", ...HEADER.split(",")]);
  await expect(preview.getByRole("row")).toHaveCount(1 + 5);
  await expect(preview.getByRole("row").nth(1)).toContainText("Northwind Traders");

  // Columns recognised by their header, and the ones the person fixes by hand.
  const becomes = (header: string) => page.getByLabel(`Column "${header}" becomes`);
  await expect(becomes("Customer ID")).toHaveValue("id");
  await expect(becomes("Email")).toHaveValue("email");
  await expect(becomes("Contact")).toHaveValue("contactName");
  await expect(becomes("Account")).toHaveValue("attribute");
  await expect(page.getByLabel('Type of "Seats"')).toHaveValue("number");
  await snap("import-mapping-guessed");

  await becomes("Account").selectOption({ label: "Name" });
  await becomes("Internal notes").selectOption({ label: "Skip" });
  // Without an external ID nothing can be checked, and the page says so.
  await becomes("Customer ID").selectOption({ label: "Skip" });
  await expect(page.getByTestId("import-mapping-problems")).toHaveText(
    "Choose the column that holds the external ID.",
  );
  await expect(page.getByTestId("import-submit")).toHaveCount(0);
  await becomes("Customer ID").selectOption({ label: "External ID" });

  // Every row checked before anything is sent: 12 ready, 3 with their problem named.
  await expect(page.getByTestId("import-valid-count")).toHaveText("12");
  await expect(page.getByTestId("import-error-count")).toHaveText("3");
  const errors = page.getByTestId("import-error-row");
  await expect(errors).toHaveCount(3);
  await expect(errors.nth(0)).toContainText("6");
  await expect(errors.nth(0)).toContainText("Customer ID:");
  await expect(errors.nth(1)).toContainText("11");
  await expect(errors.nth(1)).toContainText("Email: Invalid email address");
  await expect(errors.nth(2)).toContainText("15");
  await expect(errors.nth(2)).toContainText('Seats: "lots" is not a number');
  await snap("import-checked");

  await page.getByRole("button", { name: "Import 12 rows" }).click();
  const summary = page.getByTestId("import-summary");
  await expect(summary).toContainText("Imported customers.csv.");
  await expect(summary.getByTestId("import-created")).toHaveText("12");
  await expect(summary.getByTestId("import-updated")).toHaveText("0");
  await expect(summary.getByTestId("import-failed")).toHaveText("3");
  await snap("import-summary");

  // The directory now holds the twelve, with their attributes; none of the bad rows.
  await summary.getByRole("link", { name: "View customers" }).click();
  await expect(page).toHaveURL(workspace.path("customers"));
  await expect(page.getByTestId("customers-total")).toHaveText("12 customers");
  const table = page.getByTestId("customers-table");
  await expect(table.getByRole("row")).toHaveCount(1 + 12);
  const ids = await table.getByTestId("customer-external-id").allTextContents();
  expect(ids.sort()).toEqual(GOOD.map((line) => line.split(",")[0]).sort());
  await expect(table).not.toContainText("Blue Yonder");
  await expect(table).not.toContainText("Alpine Ski House");
  await expect(table).not.toContainText("School of Fine Art");
  await snap("customers-imported");

  await page.getByLabel("Search customers").fill("Northwind");
  await expect(page.getByTestId("customers-total")).toHaveText("1 customer match");
  const northwind = table.getByRole("row").filter({ hasText: "Northwind Traders" });
  await expect(northwind).toContainText("acc-101");
  await expect(northwind).toContainText("region: eu-west");
  // The row is a real link (Tab reaches it, middle-click opens a tab); its chips filter instead.
  await expect(northwind.getByRole("link", { name: "Northwind Traders" })).toHaveAttribute(
    "href",
    new RegExp(`^${workspace.path("customers")}/\\d+$`),
  );
  await northwind.getByRole("button", { name: "region: eu-west" }).click();
  await expect(page).toHaveURL(/[?&]filter=/);
  await expect(page.getByTestId("customers-total")).toHaveText("1 customer match");
  await northwind.getByText("Northwind Traders").click();

  await expect(page.getByTestId("customer-title")).toHaveText("Northwind Traders");
  await expect(page.getByTestId("customer-attributes")).toContainText("seats");
  await expect(page.getByTestId("customer-attributes")).toContainText("12");
  await expect(page.getByTestId("customer-attributes")).not.toContainText("renewal in May");
  await expect(page.getByTestId("customer-contacts")).toContainText("ops@northwind.example");
  await expect(page.getByTestId("customer-contacts")).toContainText("Nora North");
  await snap("customer-detail");
});

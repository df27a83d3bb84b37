/** The customer directory's public surface: validation, writing, listing, reading, importing. */
export * from "./schema";
export { upsertCustomers, writeCustomers, mergeBatch, type CustomerWrite } from "./upsert";
export * from "./list";
export * from "./get";
export * from "./attributeKeys";
export * from "./import";

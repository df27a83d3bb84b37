export * from "./auth";
export * from "./workspace";
export * from "./customers";
export * from "./incidents";
export * from "./segments";
export * from "./messaging";
export * from "./extension";

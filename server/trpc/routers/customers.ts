import { router } from "../init";

export const customersRouter = router({});

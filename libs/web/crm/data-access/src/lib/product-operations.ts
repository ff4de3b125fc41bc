/** Issue #12 (E3): the product popup's search and filters, the products widget, product cards. */
export const PRODUCT_FIELDS = `id kind sku name description price currency active inStock stock url images vendor
  properties { name value } category { id name } prices { priceType { id code name currency isBase } amount currency }`;

export const PRODUCT_SEARCH = `query ProductSearch($filter: ProductSearchInput, $first: Int, $after: String) {
  products(filter: $filter, first: $first, after: $after) {
    nodes { ${PRODUCT_FIELDS} }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const PRODUCT_FILTERS = `query ProductFilters {
  productFilters {
    categories { id name parentId }
    properties { name values }
    priceTypes { id code name currency isBase }
    priceMin priceMax currency
  }
}`;

export const CLIENT_PRODUCTS = `query ClientProducts($contactId: ID!) {
  clientProducts(contactId: $contactId) { product { ${PRODUCT_FIELDS} } addedAt addedByName }
}`;

export const ADD_CLIENT_PRODUCT = `mutation AddClientProduct($input: ClientProductInput!) {
  addClientProduct(input: $input) { product { ${PRODUCT_FIELDS} } addedAt addedByName }
}`;

export const REMOVE_CLIENT_PRODUCT = `mutation RemoveClientProduct($input: ClientProductInput!) {
  removeClientProduct(input: $input) { product { ${PRODUCT_FIELDS} } addedAt addedByName }
}`;

export const SEND_PRODUCT_CARD = `mutation SendProductCard($input: SendProductCardInput!) { sendProductCard(input: $input) { messageId seq } }`;

export const CREATE_PRODUCT = `mutation CreateProduct($input: ProductInput!) { createProduct(input: $input) { ${PRODUCT_FIELDS} } }`;

/** Another operator added or removed a product of this client (products_changed). */
export const PRODUCTS_CONTACT_CHANGED = `subscription ProductsContactChanged($contactId: ID!) {
  contactChanged(contactId: $contactId) { kind contactId actorId }
}`;
